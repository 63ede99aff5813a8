import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "@/lib/errors";

// The SSRF guard: vendor-document URLs are user input, so before any socket opens we refuse addresses that
// reach the host itself, the private network or the cloud metadata service — unless the operator
// allow-lists them (FETCH_ALLOW_LIST: CIDRs, IPs or hostnames, e.g. an intranet wiki or a test server).

type Family = "ipv4" | "ipv6";
interface Range {
  net: string;
  prefix: number;
  family: Family;
}

const DENIED: ReadonlyArray<{ reason: string; ranges: Range[] }> = [
  { reason: "loopback", ranges: [v4("127.0.0.0", 8), v6("::1", 128)] },
  { reason: "unspecified / this host", ranges: [v4("0.0.0.0", 8), v6("::", 128)] },
  { reason: "private network", ranges: [v4("10.0.0.0", 8), v4("172.16.0.0", 12), v4("192.168.0.0", 16), v6("fc00::", 7)] },
  { reason: "link-local (includes the cloud metadata service 169.254.169.254)", ranges: [v4("169.254.0.0", 16), v6("fe80::", 10)] },
  { reason: "carrier-grade NAT (shared address space)", ranges: [v4("100.64.0.0", 10)] },
  { reason: "multicast", ranges: [v4("224.0.0.0", 4), v6("ff00::", 8)] },
  { reason: "reserved or broadcast", ranges: [v4("240.0.0.0", 4)] },
  // Special-purpose blocks that never host a vendor page: IETF protocol assignments, documentation,
  // benchmarking, deprecated site-local, the discard prefix and IPv4-compatible IPv6.
  {
    reason: "special-purpose",
    ranges: [v4("192.0.0.0", 24), v4("192.0.2.0", 24), v4("198.18.0.0", 15), v4("198.51.100.0", 24), v4("203.0.113.0", 24), v6("2001:db8::", 32), v6("fec0::", 10), v6("100::", 64), v6("::", 96)],
  },
];

const DENY_LISTS = DENIED.map(({ reason, ranges }) => ({ reason, list: blockListOf(ranges) }));

export type AddressVerdict = { allowed: true; reason: "public" | "allow-listed" } | { allowed: false; reason: string };

/** A parsed allow-list: addresses/CIDRs (checked per IP) and hostnames (trusted whatever they resolve to). */
export interface AllowList {
  addresses: BlockList;
  hostnames: ReadonlySet<string>;
  /** ".corp.example" for "*.corp.example" entries */
  suffixes: readonly string[];
}
export type AllowListInput = AllowList | readonly string[] | undefined;

/** Parse config entries such as ["127.0.0.1", "10.20.0.0/16", "::1", "wiki.corp.example", "*.corp.example"]. */
export function parseAllowList(entries: readonly string[]): AllowList {
  const addresses = new BlockList();
  const hostnames = new Set<string>();
  const suffixes: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const [ip, bits] = entry.split("/");
    const family = isIP(ip!);
    if (family) {
      const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
        throw new AppError("BAD_INPUT", `FETCH_ALLOW_LIST: "${raw}" has an invalid prefix length`, { issues: [{ field: "FETCH_ALLOW_LIST", message: `bad CIDR ${raw}` }] });
      }
      addresses.addSubnet(ip!, prefix, family === 4 ? "ipv4" : "ipv6");
    } else if (/^\*\.[a-z0-9.-]+$/.test(entry)) suffixes.push(entry.slice(1));
    else if (/^[a-z0-9.-]+$/.test(entry)) hostnames.add(entry.replace(/\.$/, ""));
    else throw new AppError("BAD_INPUT", `FETCH_ALLOW_LIST: "${raw}" is neither an IP, a CIDR nor a hostname`, { issues: [{ field: "FETCH_ALLOW_LIST", message: `bad entry ${raw}` }] });
  }
  return { addresses, hostnames, suffixes };
}

function toAllowList(input: AllowListInput): AllowList {
  if (!input) return parseAllowList([]);
  return "addresses" in input ? (input as AllowList) : parseAllowList(input as readonly string[]);
}

export function isHostnameAllowed(hostname: string, allowList: AllowListInput): boolean {
  const list = toAllowList(allowList);
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return list.hostnames.has(host) || list.suffixes.some((s) => host.endsWith(s));
}

/** Is this IP safe to connect to? IPv4 embedded in IPv6 (::ffff:127.0.0.1, NAT64, 6to4) is judged as IPv4. */
export function checkAddress(ip: string, allowList?: AllowListInput): AddressVerdict {
  const address = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, ""); // brackets and IPv6 zone id
  const family = isIP(address);
  if (!family) return { allowed: false, reason: `"${ip}" is not an IP address` };
  const embedded = family === 6 ? embeddedIPv4(address) : null;
  const list = toAllowList(allowList);
  if (list.addresses.check(address, family === 4 ? "ipv4" : "ipv6") || (embedded && list.addresses.check(embedded, "ipv4"))) {
    return { allowed: true, reason: "allow-listed" };
  }
  for (const { reason, list: deny } of DENY_LISTS) {
    if (deny.check(address, family === 4 ? "ipv4" : "ipv6")) return { allowed: false, reason };
    if (embedded && deny.check(embedded, "ipv4")) return { allowed: false, reason: `${reason} (IPv4 ${embedded} inside IPv6)` };
  }
  return { allowed: true, reason: "public" };
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Hostname → every address it resolves to. Injected in tests; the default asks the OS resolver (dns.lookup all:true). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const rows = await lookup(hostname, { all: true, verbatim: true });
  return rows.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};

/** A URL whose every resolved address passed the guard; connect only to `addresses`. */
export interface CheckedTarget {
  url: URL;
  /** hostname without IPv6 brackets */
  hostname: string;
  addresses: ResolvedAddress[];
}

/**
 * Parse, resolve and check a URL. Refuses (AppError REFUSED) non-http(s) schemes and any host for which ANY
 * resolved address is refused: a name answering with one public and one private address could be steered
 * to the private one. Resolves once; the caller must pin the connection to the returned addresses.
 */
export async function resolveAndCheck(url: string | URL, options: { resolver?: Resolver; allowList?: AllowListInput } = {}): Promise<CheckedTarget> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("BAD_INPUT", `Not a valid URL: ${String(url)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new AppError("REFUSED", `Refusing ${parsed.protocol} URL ${parsed.href}: only http and https can be fetched`, { url: parsed.href });
  }
  const hostname = parsed.hostname.replace(/^\[|\]$/g, "");
  const allowList = toAllowList(options.allowList);
  const literal = isIP(hostname);

  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await (options.resolver ?? systemResolver)(hostname);
    } catch (e) {
      throw new AppError("UPSTREAM_UNAVAILABLE", `Could not resolve ${hostname}: ${(e as Error).message}`, { url: parsed.href });
    }
    if (addresses.length === 0) throw new AppError("UPSTREAM_UNAVAILABLE", `${hostname} has no address records`, { url: parsed.href });
  }

  if (!literal && isHostnameAllowed(hostname, allowList)) return { url: parsed, hostname, addresses };
  for (const { address } of addresses) {
    const verdict = checkAddress(address, allowList);
    if (!verdict.allowed) {
      const via = literal ? "" : `${hostname} resolves to `;
      throw new AppError("REFUSED", `Refusing to fetch ${parsed.href}: ${via}${address}, a ${verdict.reason} address. Add it to FETCH_ALLOW_LIST if this is intended.`, {
        url: parsed.href,
        hostname,
        address,
        reason: verdict.reason,
      });
    }
  }
  return { url: parsed, hostname, addresses };
}

/** The IPv4 address inside ::ffff:a.b.c.d (mapped), 64:ff9b::/96 (NAT64) or 2002::/16 (6to4), else null. */
function embeddedIPv4(ip: string): string | null {
  const h = expandIPv6(ip);
  if (!h) return null;
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (h.slice(0, 5).every((x) => x === 0) && h[5] === 0xffff) return quad(h[6]!, h[7]!);
  if (h[0] === 0x64 && h[1] === 0xff9b && h.slice(2, 6).every((x) => x === 0)) return quad(h[6]!, h[7]!);
  if (h[0] === 0x2002) return quad(h[1]!, h[2]!);
  return null;
}

/** "::ffff:127.0.0.1" → eight 16-bit groups. */
function expandIPv6(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? left.length !== 8 : missing < 0) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

function v4(net: string, prefix: number): Range {
  return { net, prefix, family: "ipv4" };
}
function v6(net: string, prefix: number): Range {
  return { net, prefix, family: "ipv6" };
}
function blockListOf(ranges: Range[]): BlockList {
  const list = new BlockList();
  for (const r of ranges) list.addSubnet(r.net, r.prefix, r.family);
  return list;
}

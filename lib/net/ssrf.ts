import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError, isAppError } from "@/lib/errors";

// The SSRF guard: every URL the product fetches (provider base URLs, GPU metric sources, Prometheus
// servers, price catalogs, watched documents) may be user input, so before any socket opens we refuse
// addresses that reach the host itself, the private network or the cloud metadata service — unless
// the operator allow-lists them (FETCH_ALLOW_LIST). The allow-list is narrow on purpose:
//   - an IP/CIDR entry opens that address only when the URL names it literally (http://10.20.0.7:9400/),
//     never for a hostname that happens to resolve there (so `localhost`, or an attacker's DNS name
//     pointing at 127.0.0.1, stays refused even when 127.0.0.1 is listed);
//   - a hostname entry ("wiki.corp.example", "*.corp.example") trusts that name's answers;
//   - the cloud metadata service is never opened by any entry.

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
  // Tunnels that wrap an IPv4 address we cannot judge reliably: Teredo (2001::/32) and 6to4 (2002::/16,
  // deprecated by RFC 7526); the NAT64 local-use prefix 64:ff9b:1::/48 (RFC 8215) is judged by its
  // embedded IPv4 below and refused whole as well, since its IPv4 may sit at several offsets.
  { reason: "IPv4 tunnel (Teredo, 6to4 or local-use NAT64)", ranges: [v6("2001::", 32), v6("2002::", 16), v6("64:ff9b:1::", 48)] },
  { reason: "reserved or broadcast", ranges: [v4("240.0.0.0", 4)] },
  // Special-purpose blocks that never host a vendor page: IETF protocol assignments, documentation,
  // benchmarking, deprecated site-local, the discard prefix and IPv4-compatible IPv6.
  {
    reason: "special-purpose",
    ranges: [v4("192.0.0.0", 24), v4("192.0.2.0", 24), v4("198.18.0.0", 15), v4("198.51.100.0", 24), v4("203.0.113.0", 24), v6("2001:db8::", 32), v6("fec0::", 10), v6("100::", 64), v6("::", 96)],
  },
];

const DENY_LISTS = DENIED.map(({ reason, ranges }) => ({ reason, list: blockListOf(ranges) }));

// Cloud metadata endpoints (AWS/GCP/Azure 169.254.169.254, AWS IPv6 fd00:ec2::254): credentials live
// there, so no allow-list entry opens them.
const METADATA = blockListOf([v4("169.254.169.254", 32), v6("fd00:ec2::254", 128)]);

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

/**
 * Is this IP safe to connect to? IPv4 embedded in IPv6 (mapped ::ffff:0:0/96, translated ::ffff:0:0:0/96,
 * NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4) is judged as IPv4 too. The allow-list's address entries
 * count here; resolveAndCheck applies them only to IP-literal URLs.
 */
export function checkAddress(ip: string, allowList?: AllowListInput): AddressVerdict {
  const address = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, ""); // brackets and IPv6 zone id
  const family = isIP(address);
  if (!family) return { allowed: false, reason: `"${ip}" is not an IP address` };
  const embedded = family === 6 ? embeddedIPv4(address) : [];
  const fam = family === 4 ? "ipv4" : "ipv6";
  if (isMetadataAddress(address)) {
    return { allowed: false, reason: "link-local (includes the cloud metadata service 169.254.169.254)" };
  }
  const list = toAllowList(allowList);
  if (list.addresses.check(address, fam) || embedded.some((v4) => list.addresses.check(v4, "ipv4"))) {
    return { allowed: true, reason: "allow-listed" };
  }
  return denyVerdict(address, fam, embedded) ?? { allowed: true, reason: "public" };
}

/** The cloud metadata service, directly or inside IPv6. */
export function isMetadataAddress(ip: string): boolean {
  const address = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(address);
  if (!family) return false;
  if (METADATA.check(address, family === 4 ? "ipv4" : "ipv6")) return true;
  return family === 6 && embeddedIPv4(address).some((v4) => METADATA.check(v4, "ipv4"));
}

function denyVerdict(address: string, fam: "ipv4" | "ipv6", embedded: string[]): AddressVerdict | null {
  // The address's own range first (a tunnel prefix is refused whole), then any IPv4 it carries.
  for (const { reason, list: deny } of DENY_LISTS) if (deny.check(address, fam)) return { allowed: false, reason };
  for (const { reason, list: deny } of DENY_LISTS) {
    const inner = embedded.find((v4) => deny.check(v4, "ipv4"));
    if (inner) return { allowed: false, reason: `${reason} (IPv4 ${inner} inside IPv6)` };
  }
  return null;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Hostname → every address it resolves to. Injected in tests; the default asks the OS resolver (dns.lookup all:true). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The OS resolver (hosts file included, so `localhost` is judged by what it names). */
export const systemResolver: Resolver = async (hostname) => {
  const rows = await lookup(hostname, { all: true, verbatim: true });
  return rows.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};

export const DEFAULT_DNS_TIMEOUT_MS = 5_000;

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
export async function resolveAndCheck(
  url: string | URL,
  options: { resolver?: Resolver; allowList?: AllowListInput; dnsTimeoutMs?: number; signal?: AbortSignal } = {},
): Promise<CheckedTarget> {
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
      addresses = await withDeadline((options.resolver ?? systemResolver)(hostname), options.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS, options.signal);
    } catch (e) {
      if (isAppError(e)) throw e;
      throw new AppError("UPSTREAM_UNAVAILABLE", `Could not resolve ${hostname}: ${(e as Error).message}`, { url: parsed.href });
    }
    if (addresses.length === 0) throw new AppError("UPSTREAM_UNAVAILABLE", `${hostname} has no address records`, { url: parsed.href });
  }

  const trustedName = !literal && isHostnameAllowed(hostname, allowList);
  for (const { address } of addresses) {
    // Address entries open IP-literal URLs only; an allow-listed name trusts its answers (metadata aside).
    const verdict = checkAddress(address, literal ? allowList : undefined);
    if (trustedName && !isMetadataAddress(address)) continue;
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

/**
 * Every IPv4 address an IPv6 address may carry: ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated,
 * RFC 2765), 64:ff9b::/96 (NAT64), 64:ff9b:1::/48 (local-use NAT64: the /96 and the /48 positions of
 * RFC 6052), 2002::/16 (6to4) and Teredo's client address (2001::/32, inverted).
 */
function embeddedIPv4(ip: string): string[] {
  const h = expandIPv6(ip);
  if (!h) return [];
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && h[5] === 0xffff) return [quad(h[6]!, h[7]!)];
  if (zeros(0, 4) && h[4] === 0xffff && h[5] === 0) return [quad(h[6]!, h[7]!)];
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return [quad(h[6]!, h[7]!)];
  if (h[0] === 0x64 && h[1] === 0xff9b && h[2] === 1) return [quad(h[6]!, h[7]!), quad(h[3]!, ((h[4]! & 0xff) << 8) | (h[5]! >> 8))];
  if (h[0] === 0x2002) return [quad(h[1]!, h[2]!)];
  if (h[0] === 0x2001 && h[1] === 0) return [quad(h[6]! ^ 0xffff, h[7]! ^ 0xffff)];
  return [];
}

/** A promise bounded by a time-out and an abort signal (dns.lookup itself cannot be cancelled). */
function withDeadline<T>(p: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const timer = setTimeout(() => {
      done();
      reject(new AppError("UPSTREAM_UNAVAILABLE", `DNS lookup gave no answer within ${ms} ms`, { timedOut: true }));
    }, ms);
    const onAbort = () => {
      done();
      reject(new AppError("UPSTREAM_UNAVAILABLE", "The request was aborted", { aborted: true }));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => (done(), resolve(v)),
      (e: unknown) => (done(), reject(e)),
    );
  });
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

/**
 * The scheme rule for URLs an org saves for the server to call (webhook channels, scheduled FOCUS
 * drops): https, or plain http only to a host the operator allow-listed (an intranet server, the
 * tests' 127.0.0.1). The SSRF guard still checks every address when the request is made.
 */
export function isHttpsOrAllowListedHttp(u: URL, allowList: AllowListInput): boolean {
  if (u.protocol === "https:") return true;
  if (u.protocol !== "http:") return false;
  const host = u.hostname.replace(/^\[|\]$/g, "");
  return checkAddress(host, allowList).reason === "allow-listed" || isHostnameAllowed(host, allowList);
}

import { describe, expect, it, vi } from "vitest";
import { checkAddress, parseAllowList, resolveAndCheck, type Resolver } from "@/lib/net/ssrf";

const T = "IPv4 tunnel (Teredo, 6to4 or local-use NAT64)";

describe("checkAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.10.1", "loopback"],
    ["::1", "loopback"],
    ["0.0.0.0", "unspecified / this host"],
    ["::", "unspecified / this host"],
    ["10.0.0.5", "private network"],
    ["172.16.0.1", "private network"],
    ["172.31.255.255", "private network"],
    ["192.168.1.1", "private network"],
    ["fd12:3456::1", "private network"],
    ["169.254.169.254", "link-local (includes the cloud metadata service 169.254.169.254)"],
    ["fe80::1", "link-local (includes the cloud metadata service 169.254.169.254)"],
    ["100.64.0.1", "carrier-grade NAT (shared address space)"],
    ["224.0.0.251", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved or broadcast"],
    ["192.0.2.10", "special-purpose"],
  ])("refuses %s (%s)", (ip, reason) => {
    expect(checkAddress(ip, [])).toEqual({ allowed: false, reason });
  });

  it.each(["::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.5", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1", "[::1]", "fe80::1%eth0"])(
    "refuses IPv4-in-IPv6 and bracketed/zoned forms: %s",
    (ip) => {
      expect(checkAddress(ip, []).allowed).toBe(false);
    },
  );

  it.each([
    ["::ffff:0:7f00:1", "loopback (IPv4 127.0.0.1 inside IPv6)"], // IPv4-translated ::ffff:0:0:0/96
    ["::ffff:0:a00:5", "private network (IPv4 10.0.0.5 inside IPv6)"],
    ["64:ff9b::7f00:1", "loopback (IPv4 127.0.0.1 inside IPv6)"], // NAT64 /96
    ["64:ff9b::c0a8:101", "private network (IPv4 192.168.1.1 inside IPv6)"],
    // local-use NAT64 (RFC 8215), 6to4 and Teredo are refused whole, whatever IPv4 they carry
    ["64:ff9b:1::a00:5", T], // 10.0.0.5 at the /96 position
    ["64:ff9b:1:7f00:0:100::", T], // 127.0.0.1 at the /48 position of RFC 6052
    ["64:ff9b:1::808:808", T], // even a public 8.8.8.8
    ["2002:7f00:1::", T], // 6to4 of 127.0.0.1
    ["2002:808:808::1", T],
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", T], // Teredo client 127.0.0.1, inverted
    ["2001:0:4136:e378:8000:63bf:f7f7:f7f7", T],
    ["100.127.255.254", "carrier-grade NAT (shared address space)"],
    ["239.255.255.250", "multicast"],
    ["ff05::1:3", "multicast"],
    ["fe80::a9fe:a9fe", "link-local (includes the cloud metadata service 169.254.169.254)"],
    ["::ffff:a9fe:a9fe", "link-local (includes the cloud metadata service 169.254.169.254)"],
    ["fd00:ec2::254", "link-local (includes the cloud metadata service 169.254.169.254)"],
    ["::", "unspecified / this host"],
    ["0.1.2.3", "unspecified / this host"],
  ])("judges embedded and special forms: %s → %s", (ip, reason) => {
    expect(checkAddress(ip, [])).toEqual({ allowed: false, reason });
  });

  it("never opens the metadata service, whatever the allow-list says", () => {
    const allow = parseAllowList(["169.254.0.0/16", "fd00::/8", "0.0.0.0/0"]);
    expect(checkAddress("169.254.169.254", allow).allowed).toBe(false);
    expect(checkAddress("::ffff:169.254.169.254", allow).allowed).toBe(false);
    expect(checkAddress("fd00:ec2::254", allow).allowed).toBe(false);
    expect(checkAddress("169.254.1.1", allow)).toEqual({ allowed: true, reason: "allow-listed" });
  });

  it.each(["8.8.8.8", "1.1.1.1", "64:ff9b::808:808", "172.32.0.1", "172.15.255.255", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("allows public %s", (ip) => {
    expect(checkAddress(ip, [])).toEqual({ allowed: true, reason: "public" });
  });

  it("lets the allow-list open exactly what it names", () => {
    const allow = parseAllowList(["127.0.0.1", "10.20.0.0/16", "::1"]);
    expect(checkAddress("127.0.0.1", allow)).toEqual({ allowed: true, reason: "allow-listed" });
    expect(checkAddress("::ffff:127.0.0.1", allow)).toEqual({ allowed: true, reason: "allow-listed" });
    expect(checkAddress("::1", allow).allowed).toBe(true);
    expect(checkAddress("10.20.3.4", allow).allowed).toBe(true);
    expect(checkAddress("127.0.0.2", allow).allowed).toBe(false);
    expect(checkAddress("10.21.0.1", allow).allowed).toBe(false);
    expect(checkAddress("169.254.169.254", allow).allowed).toBe(false);
  });

  it("rejects allow-list entries it cannot understand, naming the setting", () => {
    expect(() => parseAllowList(["10.0.0.0/33"])).toThrow(/FETCH_ALLOW_LIST: "10.0.0.0\/33"/);
    expect(() => parseAllowList(["http://intranet/"])).toThrow(/neither an IP, a CIDR nor a hostname/);
    expect(checkAddress("not-an-ip")).toEqual({ allowed: false, reason: '"not-an-ip" is not an IP address' });
  });
});

describe("resolveAndCheck", () => {
  const resolverOf = (...addresses: string[]) => vi.fn<Resolver>(async () => addresses.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) })));

  it("refuses a hostname when ANY of its addresses is private, even among public ones", async () => {
    const resolver = resolverOf("93.184.216.34", "10.0.0.5");
    await expect(resolveAndCheck("https://docs.vendor.example/terms", { resolver, allowList: [] })).rejects.toMatchObject({
      code: "REFUSED",
      message: expect.stringContaining("docs.vendor.example resolves to 10.0.0.5, a private network address"),
      details: { address: "10.0.0.5", reason: "private network" },
    });
    expect(resolver).toHaveBeenCalledWith("docs.vendor.example");
  });

  it("returns every checked address for a public hostname", async () => {
    const target = await resolveAndCheck("https://docs.vendor.example/terms", { resolver: resolverOf("93.184.216.34", "2606:2800:220:1::1") });
    expect(target.hostname).toBe("docs.vendor.example");
    expect(target.addresses.map((a) => a.address)).toEqual(["93.184.216.34", "2606:2800:220:1::1"]);
  });

  it("checks IP literals without asking the resolver", async () => {
    const resolver = resolverOf("8.8.8.8");
    await expect(resolveAndCheck("http://[::ffff:127.0.0.1]:8080/", { resolver })).rejects.toMatchObject({ code: "REFUSED" });
    await expect(resolveAndCheck("http://2130706433/", { resolver })).rejects.toMatchObject({ code: "REFUSED", details: { address: "127.0.0.1" } });
    expect(resolver).not.toHaveBeenCalled();
  });

  it.each(["file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1:25/", "data:text/plain,hi", "javascript:alert(1)"])("refuses the scheme of %s", async (url) => {
    const resolver = resolverOf("8.8.8.8");
    await expect(resolveAndCheck(url, { resolver })).rejects.toMatchObject({ code: "REFUSED", message: expect.stringContaining("only http and https") });
    expect(resolver).not.toHaveBeenCalled();
  });

  it.each([
    ["http://2130706434/", "127.0.0.2"], // decimal
    ["http://0x7f000002/", "127.0.0.2"], // hex
    ["http://0177.0.0.2/", "127.0.0.2"], // octal
    ["http://0x7f.2/", "127.0.0.2"], // mixed short form
    ["http://127.1/", "127.0.0.1"],
    ["http://0/", "0.0.0.0"],
    ["http://[::ffff:0:7f00:2]/", "::ffff:0:7f00:2"],
    ["http://[64:ff9b:1::a9fe:a9fe]/", "64:ff9b:1::a9fe:a9fe"],
  ])("refuses the literal %s (%s) without a resolver, even with 127.0.0.1 allow-listed", async (url, address) => {
    const resolver = resolverOf("8.8.8.8");
    await expect(resolveAndCheck(url, { resolver, allowList: address === "127.0.0.1" ? [] : ["127.0.0.1"] })).rejects.toMatchObject({ code: "REFUSED", details: { address } });
    expect(resolver).not.toHaveBeenCalled();
  });

  it("an allow-listed address opens IP-literal URLs only, never a name that resolves to it", async () => {
    await expect(resolveAndCheck("http://127.0.0.1:9400/metrics", { resolver: resolverOf(), allowList: ["127.0.0.1"] })).resolves.toMatchObject({ hostname: "127.0.0.1" });
    await expect(resolveAndCheck("http://localhost:9400/metrics", { resolver: resolverOf("127.0.0.1"), allowList: ["127.0.0.1"] })).rejects.toMatchObject({
      code: "REFUSED",
      details: { address: "127.0.0.1", reason: "loopback" },
    });
    await expect(resolveAndCheck("http://attacker.example/", { resolver: resolverOf("10.20.0.7"), allowList: ["10.20.0.0/16"] })).rejects.toMatchObject({ code: "REFUSED" });
  });

  it("an allow-listed name never reaches the metadata service", async () => {
    await expect(resolveAndCheck("http://wiki.corp.example/", { resolver: resolverOf("169.254.169.254"), allowList: ["wiki.corp.example"] })).rejects.toMatchObject({ code: "REFUSED" });
  });

  it("trusts an allow-listed hostname whatever it resolves to, and only that one", async () => {
    const resolver = resolverOf("10.1.2.3");
    await expect(resolveAndCheck("http://wiki.corp.example/policy", { resolver, allowList: ["wiki.corp.example"] })).resolves.toMatchObject({ hostname: "wiki.corp.example" });
    await expect(resolveAndCheck("http://docs.corp.example/", { resolver, allowList: ["*.corp.example"] })).resolves.toBeTruthy();
    await expect(resolveAndCheck("http://evil.example/", { resolver, allowList: ["wiki.corp.example"] })).rejects.toMatchObject({ code: "REFUSED" });
  });

  it("reports DNS failure and empty answers as the upstream being unavailable", async () => {
    const failing: Resolver = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.example"), { code: "ENOTFOUND" });
    };
    await expect(resolveAndCheck("https://nowhere.example/", { resolver: failing })).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE" });
    await expect(resolveAndCheck("https://empty.example/", { resolver: resolverOf() })).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE" });
    await expect(resolveAndCheck("not a url")).rejects.toMatchObject({ code: "BAD_INPUT" });
  });
});

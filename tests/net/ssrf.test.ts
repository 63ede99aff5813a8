import { describe, expect, it, vi } from "vitest";
import { checkAddress, parseAllowList, resolveAndCheck, type Resolver } from "@/lib/net/ssrf";

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

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("allows public %s", (ip) => {
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

import { describe, expect, it } from "vitest";
import { clientAddressFrom, parseProxyEntry } from "@/lib/auth/client-address";
import { parseEnv } from "@/lib/env-schema";

// The server's start-up hook appends the socket's peer as the right-most X-Forwarded-For hop; the
// client address is the right-most hop that is not one of our trusted proxies.
describe("clientAddressFrom", () => {
  const nginx = ["127.0.0.1", "::1"];
  it.each([
    ["direct client, no header", "198.51.100.7", [], "198.51.100.7"],
    ["direct client forging the header", "1.2.3.4, 198.51.100.7", [], "198.51.100.7"],
    ["direct client forging many hops", "1.2.3.4, 5.6.7.8, 198.51.100.7", [], "198.51.100.7"],
    ["behind nginx", "198.51.100.7, 127.0.0.1", nginx, "198.51.100.7"],
    ["behind nginx, client forging", "6.6.6.6, 198.51.100.7, 127.0.0.1", nginx, "198.51.100.7"],
    ["nginx not trusted: everyone is nginx", "198.51.100.7, 127.0.0.1", [], "127.0.0.1"],
    [
      "two proxies, CIDR",
      "198.51.100.7, 10.1.2.3, ::ffff:127.0.0.1",
      ["127.0.0.1", "10.0.0.0/8"],
      "198.51.100.7",
    ],
    ["IPv6 client", "2001:db8::1, ::1", nginx, "2001:db8::1"],
    ["IPv4-mapped peer", "::ffff:198.51.100.7", [], "198.51.100.7"],
    ["port on a hop", "198.51.100.7:51234, 127.0.0.1", nginx, "198.51.100.7"],
    ["bracketed IPv6 with port", "[2001:db8::1]:443, 127.0.0.1", nginx, "2001:db8::1"],
    ["every hop trusted", "10.0.0.2, 10.0.0.1", ["10.0.0.0/8"], "10.0.0.2"],
    ["no header at all", null, [], "unknown"],
  ])("%s", (_label, header, trusted, expected) => {
    expect(clientAddressFrom(header, trusted)).toBe(expected);
  });
});

describe("TRUSTED_PROXIES", () => {
  it("accepts addresses and CIDR ranges, IPv4 and IPv6", () => {
    expect(parseEnv({ TRUSTED_PROXIES: "127.0.0.1, ::1, 10.0.0.0/8, fd00::/8" }).TRUSTED_PROXIES).toEqual([
      "127.0.0.1",
      "::1",
      "10.0.0.0/8",
      "fd00::/8",
    ]);
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
  });

  it.each(["localhost", "10.0.0.0/33", "::1/129", "10.0.0.1/8/1", "10.0.0.0/x", "999.1.1.1"])(
    "refuses %j at start-up, naming the setting",
    (value) => {
      expect(parseProxyEntry(value)).toBeNull();
      expect(() => parseEnv({ TRUSTED_PROXIES: value })).toThrow(/TRUSTED_PROXIES/);
    },
  );
});

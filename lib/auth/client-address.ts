import { BlockList, isIP } from "node:net";

// Which address a request comes from, for the sign-in and sign-up throttles. X-Forwarded-For lists the
// hops a request passed, each appended by the one after it; our server (scripts/lib/forwarded-for.mjs) appends the
// socket's peer last. Walking from the right and skipping our own proxies (TRUSTED_PROXIES) therefore
// ends at the first address that nobody we trust vouches for beyond itself: the client. Everything to
// its left was written by the client and is ignored, so forging the header changes nothing.

const lists = new WeakMap<readonly string[], BlockList>();

/** "::ffff:10.0.0.1" → "10.0.0.1"; "[::1]:443" → "::1"; "10.0.0.1:5000" → "10.0.0.1". */
export function normaliseAddress(raw: string): string {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;
  return value.toLowerCase();
}

/** Parses one TRUSTED_PROXIES entry ("10.0.0.0/8", "::1", "192.168.1.7"); null when malformed. */
export function parseProxyEntry(entry: string): { address: string; prefix: number; family: 4 | 6 } | null {
  const [rawAddress = "", rawPrefix, extra] = entry.trim().split("/");
  if (extra !== undefined) return null;
  const address = normaliseAddress(rawAddress);
  const family = isIP(address);
  if (family !== 4 && family !== 6) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = rawPrefix === undefined ? max : Number(rawPrefix);
  if (!/^\d{1,3}$/.test(rawPrefix ?? String(max)) || prefix > max) return null;
  return { address, prefix, family };
}

function blockList(trusted: readonly string[]): BlockList {
  let list = lists.get(trusted);
  if (!list) {
    list = new BlockList();
    for (const entry of trusted) {
      const parsed = parseProxyEntry(entry);
      if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family === 4 ? "ipv4" : "ipv6");
    }
    lists.set(trusted, list);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The right-most hop of an X-Forwarded-For value that is not a trusted proxy, normalised; "unknown"
 * when there is none. When every hop is trusted, the left-most one is the best there is.
 */
export function clientAddressFrom(forwardedFor: string | null, trusted: readonly string[]): string {
  const hops = (forwardedFor ?? "").split(",").map(normaliseAddress).filter(Boolean);
  if (hops.length === 0) return "unknown";
  const list = blockList(trusted);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrusted(list, hops[i]!)) return hops[i]!.slice(0, 64);
  }
  return hops[0]!.slice(0, 64);
}

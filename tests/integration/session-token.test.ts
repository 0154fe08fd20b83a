import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { requestActor, sessionToken } from "@/lib/auth/session-token";

// lib/auth/session-token.ts decrypts the session cookie of API requests and remembers the result per
// cookie until the token expires: the cache must never outlive the token or mix two cookies up.
const SALT = "authjs.session-token";

async function cookieFor(uid: string, maxAge = 3600): Promise<string> {
  const token = await encode({
    token: { uid, sub: uid, role: "ADMIN" },
    secret: process.env.AUTH_SECRET!,
    salt: SALT,
    maxAge,
  });
  return `${SALT}=${token}`;
}

const request = (cookie?: string) =>
  new Request("http://localhost/api/chat", { method: "POST", headers: cookie ? { cookie } : {} });

describe("sessionToken", () => {
  it("reads the user and role, the same on a second call, and keeps two cookies apart", async () => {
    const alice = await cookieFor("00000000-0000-4000-8000-00000000000a");
    const bob = await cookieFor("00000000-0000-4000-8000-00000000000b");
    expect(await sessionToken(request(alice))).toEqual({
      uid: "00000000-0000-4000-8000-00000000000a",
      role: "ADMIN",
      epoch: 0,
    });
    expect(await sessionToken(request(alice))).toEqual({
      uid: "00000000-0000-4000-8000-00000000000a",
      role: "ADMIN",
      epoch: 0,
    });
    expect(await sessionToken(request(bob))).toMatchObject({ uid: "00000000-0000-4000-8000-00000000000b" });
    // No such account: the actor is refused (lib/auth/session-epoch.ts).
    expect(await requestActor(request(bob))).toBeNull();
  });

  it("answers null without a cookie, for a forged one and for an expired one", async () => {
    expect(await sessionToken(request())).toBeNull();
    expect(await sessionToken(request(`${SALT}=not-a-token`))).toBeNull();
    expect(
      await sessionToken(request(await cookieFor("00000000-0000-4000-8000-00000000000d", -60))),
    ).toBeNull();
  });

  it("never keeps a token past its expiry", async () => {
    const shortLived = await cookieFor("00000000-0000-4000-8000-00000000000c", 2);
    expect(await sessionToken(request(shortLived))).not.toBeNull();
    // Past the expiry and Auth.js's 15 s of clock tolerance: the cached answer must not be served.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60_000 });
    expect(await sessionToken(request(shortLived))).toBeNull();
  });
});

afterEach(() => {
  vi.useRealTimers();
});

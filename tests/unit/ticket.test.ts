import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => {
  process.env.AUTH_SECRET = "unit-test-secret-unit-test-secret-unit-test";
});

describe("sign-in tickets", () => {
  const userId = "0b9f3a52-3c5e-4a51-9f4a-1c2d3e4f5a6b";

  it("round-trips within a minute and expires after", async () => {
    const { createSignInTicket, verifySignInTicket } = await import("@/lib/auth/ticket");
    const now = 1_700_000_000_000;
    const ticket = createSignInTicket(userId, now);
    expect(verifySignInTicket(ticket, now + 59_000)).toBe(userId);
    expect(verifySignInTicket(ticket, now + 61_000)).toBeNull();
  });

  it("rejects forged, altered and malformed tickets", async () => {
    const { createSignInTicket, verifySignInTicket } = await import("@/lib/auth/ticket");
    const ticket = createSignInTicket(userId);
    const [, expires, signature] = ticket.split(".");
    expect(verifySignInTicket(`11111111-1111-1111-1111-111111111111.${expires}.${signature}`)).toBeNull();
    expect(verifySignInTicket(`${userId}.${Number(expires) + 1000}.${signature}`)).toBeNull();
    expect(verifySignInTicket(`${userId}.${expires}.AAAA`)).toBeNull();
    for (const bad of ["", "a.b", null, undefined, 12, "x".repeat(500)])
      expect(verifySignInTicket(bad)).toBeNull();
  });
});

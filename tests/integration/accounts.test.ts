import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { registerUser } from "@/lib/users/register-user";
import { authenticate } from "@/lib/users/authenticate";
import { requireUser } from "@/lib/auth/actor";
import { resetDatabase } from "../helpers/reset";

const PASSWORD = "a sturdy passphrase";

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("sign-up", () => {
  beforeEach(resetDatabase);

  it("makes the first account an admin and later ones users", async () => {
    const first = await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    const second = await registerUser({ name: "Bob", email: "bob@example.test", password: PASSWORD });
    expect(first.role).toBe("ADMIN");
    expect(second.role).toBe("USER");
  });

  it("makes accounts listed in ADMIN_EMAILS admins, whatever their case", async () => {
    await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    const boss = await registerUser({ name: "Boss", email: "BOSS@example.test", password: PASSWORD });
    expect(boss).toMatchObject({ role: "ADMIN", email: "boss@example.test" });
  });

  it("gives exactly one admin when many sign up at once", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        registerUser({ name: `U${i}`, email: `u${i}@example.test`, password: PASSWORD }),
      ),
    );
    expect(results.filter((r) => r.role === "ADMIN")).toHaveLength(1);
  });

  it("stores an argon2id hash, never the password", async () => {
    const { id } = await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    const row = await db().user.findUniqueOrThrow({ where: { id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
  });

  it("refuses a duplicate email (case-insensitive) with a field message", async () => {
    await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    const error = await errorOf(
      registerUser({ name: "Ada 2", email: "ADA@example.test", password: PASSWORD }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.fieldErrors?.email).toMatch(/already exists/);
    expect(await db().user.count()).toBe(1);
  });

  it.each([
    ["malformed email", { name: "A", email: "not-an-email", password: PASSWORD }, "email", /valid email/],
    ["empty email", { name: "A", email: "", password: PASSWORD }, "email", /Enter your email/],
    ["empty password", { name: "A", email: "a@example.test", password: "" }, "password", /at least 8/],
    ["short password", { name: "A", email: "a@example.test", password: "1234567" }, "password", /at least 8/],
    [
      "10 kB password",
      { name: "A", email: "a@example.test", password: "x".repeat(10_240) },
      "password",
      /at most 1,024/,
    ],
    ["empty name", { name: "   ", email: "a@example.test", password: PASSWORD }, "name", /Enter your name/],
    [
      "control characters in name",
      { name: "a\u0000b", email: "a@example.test", password: PASSWORD },
      "name",
      /invalid/,
    ],
    ["missing fields", {}, "email", /Enter your email/],
    ["non-string fields", { name: 1, email: ["x"], password: { a: 1 } }, "password", /Enter a password/],
  ])("rejects %s with a field-level message and writes nothing", async (_label, input, field, message) => {
    const error = await errorOf(registerUser(input));
    expect(error.code).toBe("VALIDATION");
    expect(error.fieldErrors?.[field]).toMatch(message);
    expect(await db().user.count()).toBe(0);
  });

  it("keeps unicode names and SQL-looking strings as plain data", async () => {
    const name = 'Zoë 李雷 🚀 \'; DROP TABLE "User"; --';
    const email = "o'brien+test@example.test";
    const { id } = await registerUser({ name, email, password: "' OR 1=1 --x" });
    const row = await db().user.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name, email });
    await expect(authenticate({ email, password: "' OR 1=1 --x" }, "127.0.0.1")).resolves.toEqual({ id });
  });

  it("starts training consent on by default", async () => {
    const { id } = await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    expect((await db().user.findUniqueOrThrow({ where: { id } })).trainingConsent).toBe(true);
  });
});

describe("sign-in", () => {
  beforeEach(resetDatabase);

  it("accepts the right password and refuses a wrong one or an unknown email alike", async () => {
    const { id } = await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    await expect(
      authenticate({ email: "ADA@example.test", password: PASSWORD }, "10.0.0.1"),
    ).resolves.toEqual({ id });
    const wrong = await errorOf(
      authenticate({ email: "ada@example.test", password: "nope nope" }, "10.0.0.1"),
    );
    const unknown = await errorOf(
      authenticate({ email: "who@example.test", password: "nope nope" }, "10.0.0.1"),
    );
    expect(wrong.message).toBe("Email or password is incorrect.");
    expect(unknown.message).toBe(wrong.message);
  });

  it("refuses a disabled account, and a disabled user loses access on the next request", async () => {
    const { id } = await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    await expect(requireUser({ userId: id })).resolves.toMatchObject({ id });
    await db().user.update({ where: { id }, data: { disabledAt: new Date() } });
    const error = await errorOf(authenticate({ email: "ada@example.test", password: PASSWORD }, "10.0.0.2"));
    expect(error.message).toMatch(/disabled/);
    expect((await errorOf(requireUser({ userId: id }))).code).toBe("UNAUTHENTICATED");
  });

  const wrong = (email: string, address: string) =>
    errorOf(authenticate({ email, password: "wrong password" }, address));

  it("never refuses the owner's right password because of failures from other addresses", async () => {
    const { id } = await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    // Two rounds of what used to lock the account (for 15 minutes, then for good).
    for (let i = 0; i < 20; i++) await wrong("ada@example.test", `10.1.0.${i % 10}`);
    await expect(
      authenticate({ email: "ada@example.test", password: PASSWORD }, "10.1.1.1"),
    ).resolves.toEqual({ id });
  });

  it("limits guesses per account and address, slows them down, and says when to retry", async () => {
    await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    const started = Date.now();
    for (let i = 0; i < 10; i++)
      expect((await wrong("ada@example.test", "10.2.0.1")).code).toBe("UNAUTHENTICATED");
    // The 5th to 10th failures are answered 0.25, 0.5 and then 1 s late.
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
    const error = await errorOf(authenticate({ email: "ada@example.test", password: PASSWORD }, "10.2.0.1"));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toMatch(/Too many failed sign-in attempts\. Try again in 1[45] minutes\./);
    expect(error.retryAfterSeconds).toBeGreaterThan(800);
    // The same account from another address, and another account from this one, are unaffected.
    await expect(
      authenticate({ email: "ada@example.test", password: PASSWORD }, "10.2.0.2"),
    ).resolves.toBeTruthy();
    expect((await wrong("bob@example.test", "10.2.0.1")).code).toBe("UNAUTHENTICATED");
  });

  it("limits guesses per client address across accounts (three times the per-account limit)", async () => {
    await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    for (let i = 0; i < 30; i++) await wrong(`guess${i}@example.test`, "10.3.0.1");
    const blocked = await errorOf(
      authenticate({ email: "ada@example.test", password: PASSWORD }, "10.3.0.1"),
    );
    expect(blocked.code).toBe("RATE_LIMITED");
    await expect(
      authenticate({ email: "ada@example.test", password: PASSWORD }, "10.3.0.2"),
    ).resolves.toBeTruthy();
  });

  it("checks at most the limit of 40 parallel guesses: each is counted before the password is", async () => {
    await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    const results = await Promise.all(
      Array.from({ length: 40 }, () => wrong("ada@example.test", "10.4.0.1")),
    );
    const checked = results.filter((error) => error.code === "UNAUTHENTICATED");
    expect(checked).toHaveLength(10);
    expect(results.filter((error) => error.code === "RATE_LIMITED")).toHaveLength(30);
  });

  it("writes one audit alert when an account's failures from everywhere reach the ceiling", async () => {
    const { id } = await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    // 98 failures from many addresses already in this window (SIGNIN_MAX_FAILURES 10 → ceiling 100).
    await db().rateLimit.create({
      data: { key: "signin:account:ada@example.test", windowStart: new Date(), count: 98 },
    });
    await wrong("ada@example.test", "10.5.0.1");
    expect(await db().auditLog.count()).toBe(0);
    await wrong("ada@example.test", "10.5.0.2");
    await wrong("ada@example.test", "10.5.0.3");
    const alerts = await db().auditLog.findMany({ where: { action: "user.signin-alert" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ targetType: "user", targetId: id });
    expect(alerts[0]!.details).toEqual({ failedAttempts: 100, windowMinutes: 15 });
    // An alert, not a lock: the owner still signs in.
    await expect(
      authenticate({ email: "ada@example.test", password: PASSWORD }, "10.5.1.1"),
    ).resolves.toEqual({ id });
  });

  it("clears the pair's failures after a successful sign-in", async () => {
    await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    for (let i = 0; i < 9; i++) await wrong("ada@example.test", "10.6.0.1");
    await authenticate({ email: "ada@example.test", password: PASSWORD }, "10.6.0.1");
    await wrong("ada@example.test", "10.6.0.1");
    await wrong("ada@example.test", "10.6.0.1");
    await expect(
      authenticate({ email: "ada@example.test", password: PASSWORD }, "10.6.0.1"),
    ).resolves.toBeTruthy();
  });
});

describe("sign-up throttle", () => {
  beforeEach(resetDatabase);

  it("allows SIGNUP_MAX_PER_HOUR (20) sign-ups per address, failed ones included, then refuses", async () => {
    await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD }, "10.7.0.1");
    await errorOf(registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD }, "10.7.0.1"));
    for (let i = 0; i < 18; i++) {
      await registerUser({ name: `U${i}`, email: `u${i}@example.test`, password: PASSWORD }, "10.7.0.1");
    }
    const error = await errorOf(
      registerUser({ name: "Eve", email: "eve@example.test", password: PASSWORD }, "10.7.0.1"),
    );
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toMatch(/Too many sign-ups from this network\. Try again in \d+ minutes?\./);
    expect(await db().user.count()).toBe(19);
    await expect(
      registerUser({ name: "Eve", email: "eve@example.test", password: PASSWORD }, "10.7.0.2"),
    ).resolves.toMatchObject({ email: "eve@example.test" });
  });
});

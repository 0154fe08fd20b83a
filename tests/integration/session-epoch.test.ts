import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { handlers } from "@/lib/auth/auth";
import { requireUser } from "@/lib/auth/actor";
import { requestActor } from "@/lib/auth/session-token";
import { changePassword, deleteAccount, signOutEverywhere } from "@/lib/users/settings";
import { deleteUser, setUserDisabled } from "@/lib/admin/users";
import { createUser, PASSWORD } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

// Every session token carries its account's session epoch; a password change, "Sign out of all
// devices", disabling and deletion make every token issued before them useless, wherever it is used.
const SALT = "authjs.session-token";

async function cookieFor(uid: string, epoch: number | undefined): Promise<string> {
  const token = await encode({
    token: { uid, sub: uid, role: "USER", ...(epoch === undefined ? {} : { epoch }) },
    secret: process.env.AUTH_SECRET!,
    salt: SALT,
    maxAge: 3600,
  });
  return `${SALT}=${token}`;
}

const chatRequest = (cookie: string) =>
  new Request("http://localhost/api/chat", { method: "POST", headers: { cookie } });

/** What Auth.js's own /api/auth/session answers for this cookie. */
async function sessionEndpoint(cookie: string): Promise<{ user?: { id: string; email: string } } | null> {
  const response = await handlers.GET(
    new NextRequest("http://localhost/api/auth/session", { headers: { cookie } }),
  );
  expect(response.status).toBe(200);
  return (await response.json()) as { user?: { id: string; email: string } } | null;
}

describe("session epoch", () => {
  beforeEach(resetDatabase);

  it("refuses tokens from before 'Sign out of all devices', at once on this instance", async () => {
    const { user, actor } = await createUser();
    const before = await cookieFor(user.id, 0);
    expect(await requestActor(chatRequest(before))).toEqual({ userId: user.id, sessionEpoch: 0 });
    expect((await sessionEndpoint(before))?.user?.id).toBe(user.id);

    await signOutEverywhere({ ...actor, sessionEpoch: 0 });

    expect(await requestActor(chatRequest(before))).toBeNull();
    expect(await sessionEndpoint(before)).toBeNull();
    await expect(requireUser({ userId: user.id, sessionEpoch: 0 })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    // A token issued afterwards works.
    const after = await cookieFor(user.id, 1);
    expect(await requestActor(chatRequest(after))).toEqual({ userId: user.id, sessionEpoch: 1 });
    await expect(requireUser({ userId: user.id, sessionEpoch: 1 })).resolves.toMatchObject({ id: user.id });
  });

  it("treats a token without an epoch as epoch 0, refused once the account moved on", async () => {
    const { user, actor } = await createUser();
    const legacy = await cookieFor(user.id, undefined);
    expect(await requestActor(chatRequest(legacy))).not.toBeNull();
    await signOutEverywhere(actor);
    expect(await requestActor(chatRequest(legacy))).toBeNull();
  });

  it("refuses tokens from before a password change", async () => {
    const { user, actor } = await createUser();
    const before = await cookieFor(user.id, 0);
    await changePassword(actor, { currentPassword: PASSWORD, newPassword: "a brand new password" });
    expect(await requestActor(chatRequest(before))).toBeNull();
    expect(await sessionEndpoint(before)).toBeNull();
    await expect(requireUser({ userId: user.id, sessionEpoch: 0 })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it("refuses a disabled or deleted user's token, on the chat route and on /api/auth/session", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const disabled = await createUser();
    const deleted = await createUser();
    const selfDeleted = await createUser();
    const cookies = {
      disabled: await cookieFor(disabled.user.id, 0),
      deleted: await cookieFor(deleted.user.id, 0),
      selfDeleted: await cookieFor(selfDeleted.user.id, 0),
    };
    for (const cookie of Object.values(cookies)) {
      expect(await requestActor(chatRequest(cookie))).not.toBeNull();
    }

    await setUserDisabled(admin.actor, { userId: disabled.user.id, disabled: true });
    await deleteUser(admin.actor, { userId: deleted.user.id, confirmation: deleted.user.email });
    await deleteAccount(selfDeleted.actor, { confirmation: selfDeleted.user.email });
    // Disabling bumps the epoch: re-enabling does not bring the old token back.
    await setUserDisabled(admin.actor, { userId: disabled.user.id, disabled: false });
    // All made on this instance: refused at once, not only after the 30 s an epoch is remembered.
    for (const cookie of Object.values(cookies)) {
      expect(await requestActor(chatRequest(cookie))).toBeNull();
      expect(await sessionEndpoint(cookie)).toBeNull();
    }
  });

  it("remembers an epoch for at most 30 s, so a bump on another instance is honoured within that", async () => {
    const { user } = await createUser();
    const cookie = await cookieFor(user.id, 0);
    expect(await requestActor(chatRequest(cookie))).not.toBeNull();
    // Another instance bumps the epoch: this one does not know yet.
    await db().user.update({ where: { id: user.id }, data: { sessionEpoch: { increment: 1 } } });
    expect(await requestActor(chatRequest(cookie))).not.toBeNull();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 31_000 });
    expect(await requestActor(chatRequest(cookie))).toBeNull();
  });
});

afterEach(() => {
  vi.useRealTimers();
});

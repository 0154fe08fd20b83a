import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { deleteUser, listUsers, setUserDisabled, setUserRole } from "@/lib/admin/users";
import { requireAdmin, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors/app-error";
import { createExchange, createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

type Kind = "anonymous" | "unknown id" | "user" | "admin" | "disabled admin";

/** Everyone who might call an admin function, plus a target user with some data. */
async function world() {
  const admin = await createUser({ role: "ADMIN", name: "Ada" });
  // A second active admin, so that "never the last admin" is not what stops the calls below.
  await createUser({ role: "ADMIN", name: "Second" });
  const user = await createUser({ name: "Uma" });
  const disabledAdmin = await createUser({ role: "ADMIN", disabled: true, name: "Dis" });
  const target = await createUser({ name: "Tess" });
  await createExchange(target.user.id);
  const actors: Record<Kind, Actor> = {
    anonymous: null,
    "unknown id": { userId: randomUUID() },
    user: user.actor,
    admin: admin.actor,
    "disabled admin": disabledAdmin.actor,
  };
  return { actors, target: target.user };
}

async function outcome(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => "ok",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
}

/** A rating row, straight into the table (the rating pipeline is tested elsewhere). */
async function rate(userId: string, exchange: Awaited<ReturnType<typeof createExchange>>) {
  await db().feedback.create({
    data: {
      messageId: exchange.answers[0]!.id,
      userId,
      conversationId: exchange.conversation.id,
      rating: "up",
      modelId: "fake-model",
    },
  });
}

describe("user management: access", () => {
  beforeEach(resetDatabase);

  const calls: Record<string, (actor: Actor, targetId: string, email: string) => Promise<unknown>> = {
    listUsers: (a) => listUsers(a, {}),
    setUserRole: (a, id) => setUserRole(a, { userId: id, role: "ADMIN" }),
    setUserDisabled: (a, id) => setUserDisabled(a, { userId: id, disabled: true }),
    deleteUser: (a, id, email) => deleteUser(a, { userId: id, confirmation: email }),
  };

  for (const [fn, call] of Object.entries(calls)) {
    for (const kind of ["anonymous", "unknown id", "user", "admin", "disabled admin"] as const) {
      const expected = kind === "admin" ? "ok" : "NOT_FOUND";
      it(`${fn} as ${kind} → ${expected}`, async () => {
        const w = await world();
        const before = await db().user.findUniqueOrThrow({ where: { id: w.target.id } });
        expect(await outcome(call(w.actors[kind], w.target.id, w.target.email))).toBe(expected);
        if (expected === "NOT_FOUND") {
          // Nothing written: the target is as it was, and the audit log is empty.
          expect(await db().user.findUniqueOrThrow({ where: { id: w.target.id } })).toEqual(before);
          expect(await db().auditLog.count()).toBe(0);
        }
      });
    }
  }

  it("validates input and answers not found for a missing user", async () => {
    const w = await world();
    const admin = w.actors.admin;
    await expect(listUsers(admin, { q: "x".repeat(10_000) })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listUsers(admin, { after: "yesterday" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      listUsers(admin, { before: `2026-01-01T00:00:00.000Z_${"-".repeat(36)}` }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    const beyondTheEnd = await listUsers(admin, { after: `9999-12-31T23:59:59.999Z_${randomUUID()}` });
    expect(beyondTheEnd.rows).toBeInstanceOf(Array);
    await expect(deleteUser(admin, { userId: "nope", confirmation: "x" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(deleteUser(admin, { userId: randomUUID(), confirmation: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(setUserDisabled(admin, { userId: w.target.id, disabled: "yes" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });
});

describe("user management", () => {
  beforeEach(resetDatabase);

  it("never demotes or disables the last active admin", async () => {
    const admin = await createUser({ role: "ADMIN" });
    await expect(setUserRole(admin.actor, { userId: admin.user.id, role: "USER" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      setUserDisabled(admin.actor, { userId: admin.user.id, disabled: true }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.user.id } })).role).toBe("ADMIN");
    expect(await db().auditLog.count()).toBe(0);
  });

  it("promotes, demotes and disables; a demoted admin loses admin access at once", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const other = await createUser();
    await setUserRole(admin.actor, { userId: other.user.id, role: "ADMIN" });
    await expect(requireAdmin(other.actor)).resolves.toMatchObject({ role: "ADMIN" });
    await setUserRole(admin.actor, { userId: other.user.id, role: "USER" });
    await expect(requireAdmin(other.actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setUserDisabled(admin.actor, { userId: other.user.id, disabled: true })).resolves.toEqual({
      disabled: true,
    });
    const { rows } = await listUsers(admin.actor, { q: other.user.email.slice(0, 12) });
    expect(rows).toEqual([expect.objectContaining({ id: other.user.id, disabled: true, role: "USER" })]);
  });

  it("records every change in the audit log, in the same transaction, and no-ops not at all", async () => {
    const admin = await createUser({ role: "ADMIN", email: "ada@example.test" });
    const other = await createUser();
    await setUserRole(admin.actor, { userId: other.user.id, role: "ADMIN" });
    await setUserRole(admin.actor, { userId: other.user.id, role: "ADMIN" }); // already admin: nothing
    await setUserDisabled(admin.actor, { userId: other.user.id, disabled: true });
    await setUserDisabled(admin.actor, { userId: other.user.id, disabled: false });
    await setUserDisabled(admin.actor, { userId: other.user.id, disabled: false }); // already enabled
    const rows = await db().auditLog.findMany({ orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => row.action)).toEqual(["user.role", "user.disable", "user.enable"]);
    for (const row of rows) {
      expect(row).toMatchObject({
        actorId: admin.user.id,
        actorEmail: "ada@example.test",
        targetType: "user",
        targetId: other.user.id,
      });
    }
    expect(rows[0]!.details).toEqual({ from: "USER", to: "ADMIN" });
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const a = await createUser({ role: "ADMIN" });
    const b = await createUser({ role: "ADMIN" });
    await Promise.allSettled([
      setUserRole(a.actor, { userId: b.user.id, role: "USER" }),
      setUserRole(b.actor, { userId: a.user.id, role: "USER" }),
    ]);
    expect(await db().user.count({ where: { role: "ADMIN" } })).toBe(1);
  });

  it("counts each user's conversations and ratings, for the page's users only", async () => {
    const admin = await createUser({ role: "ADMIN", name: "Ada" });
    const busy = await createUser({ name: "Busy" });
    const idle = await createUser({ name: "Idle" });
    const first = await createExchange(busy.user.id);
    const second = await createExchange(busy.user.id);
    await createExchange(busy.user.id, { temporary: true }); // not in history: not counted
    const gone = await createExchange(busy.user.id);
    await db().conversation.update({ where: { id: gone.conversation.id }, data: { deletedAt: new Date() } });
    await rate(busy.user.id, first);
    await rate(busy.user.id, second);
    await db().user.update({ where: { id: idle.user.id }, data: { trainingConsent: false } });

    const { rows } = await listUsers(admin.actor);
    const byName = new Map(rows.map((row) => [row.name, row]));
    expect(byName.get("Busy")).toMatchObject({ conversations: 2, ratings: 2, trainingConsent: true });
    expect(byName.get("Idle")).toMatchObject({ conversations: 0, ratings: 0, trainingConsent: false });
    expect(byName.get("Ada")).toMatchObject({ conversations: 0, ratings: 0, role: "ADMIN" });
  });

  it("searches by name or email, case-insensitively, with wildcards taken literally", async () => {
    const admin = await createUser({ role: "ADMIN", name: "Ada", email: "ada@example.test" });
    const dana = await createUser({ name: "Dana Scully", email: "dana@fbi.example" });
    await createUser({ name: "Fox", email: "fox.mulder@fbi.example" });
    await createUser({ name: "Walter", email: "walter_skinner@fbi.example" });
    const search = async (q: string) => (await listUsers(admin.actor, { q })).rows.map((row) => row.name);
    expect(await search("scully")).toEqual(["Dana Scully"]);
    expect(await search("DANA@FBI")).toEqual(["Dana Scully"]);
    expect((await search("fbi.example")).sort()).toEqual(["Dana Scully", "Fox", "Walter"]);
    // A wildcard would match "%" against everyone and "x_m" against "fox.mulder".
    expect(await search("%")).toEqual([]);
    expect(await search("x_m")).toEqual([]);
    expect(await search("r_s")).toEqual(["Walter"]);
    expect(await search("nobody")).toEqual([]);
    expect((await listUsers(admin.actor, { q: "   " })).rows).toHaveLength(4);
    expect(dana.user.id).toBeTruthy();
  });

  it("pages newest first by keyset, with no duplicates or gaps, forwards and back", async () => {
    const admin = await createUser({ role: "ADMIN", name: "Ada" });
    const base = Date.now() - 60_000;
    // Seven users, three of them created in the same millisecond: the id breaks the tie.
    for (let i = 0; i < 7; i++) {
      const { user } = await createUser({ name: `U${i}` });
      await db().user.update({
        where: { id: user.id },
        data: { createdAt: new Date(base + Math.min(i, 4) * 1000) },
      });
    }
    await db().user.update({ where: { id: admin.user.id }, data: { createdAt: new Date(base - 1000) } });
    const all = (await listUsers(admin.actor, { limit: 100 })).rows.map((row) => row.id);
    expect(all).toHaveLength(8);

    const seen: string[] = [];
    const pages = [];
    let page = await listUsers(admin.actor, { limit: 3 });
    expect(page.newer).toBeNull();
    for (;;) {
      pages.push(page);
      seen.push(...page.rows.map((row) => row.id));
      if (!page.older) break;
      page = await listUsers(admin.actor, { limit: 3, after: page.older });
    }
    expect(seen).toEqual(all);
    expect(pages.map((p) => p.rows.length)).toEqual([3, 3, 2]);

    // Back from the last page: the middle page again, then the first.
    const back = await listUsers(admin.actor, { limit: 3, before: pages[2]!.newer! });
    expect(back.rows.map((row) => row.id)).toEqual(pages[1]!.rows.map((row) => row.id));
    const top = await listUsers(admin.actor, { limit: 3, before: back.newer! });
    expect(top.rows.map((row) => row.id)).toEqual(pages[0]!.rows.map((row) => row.id));
    expect(top.newer).toBeNull();
  });

  describe("delete", () => {
    it("deletes the user with everything they own, and logs it", async () => {
      const admin = await createUser({ role: "ADMIN" });
      const doomed = await createUser({ name: "Doomed", email: "doomed@example.test" });
      const exchange = await createExchange(doomed.user.id);
      await rate(doomed.user.id, exchange);

      await expect(
        deleteUser(admin.actor, { userId: doomed.user.id, confirmation: "wrong@example.test" }),
      ).rejects.toMatchObject({ code: "VALIDATION" });
      expect(await db().user.count({ where: { id: doomed.user.id } })).toBe(1);

      await expect(
        deleteUser(admin.actor, { userId: doomed.user.id, confirmation: " Doomed@Example.test " }),
      ).resolves.toEqual({ deleted: true });
      expect(await db().user.count({ where: { id: doomed.user.id } })).toBe(0);
      expect(await db().conversation.count({ where: { userId: doomed.user.id } })).toBe(0);
      expect(await db().message.count({ where: { conversationId: exchange.conversation.id } })).toBe(0);
      expect(await db().feedback.count({ where: { userId: doomed.user.id } })).toBe(0);
      const audit = await db().auditLog.findMany();
      expect(audit).toEqual([
        expect.objectContaining({
          action: "user.delete",
          actorId: admin.user.id,
          targetType: "user",
          targetId: doomed.user.id,
          details: { role: "USER", disabled: false },
        }),
      ]);
      // The person asked to be gone: their email is not kept in the log.
      expect(JSON.stringify(audit)).not.toContain("doomed@example.test");
    });

    it("refuses to delete the acting admin", async () => {
      const admin = await createUser({ role: "ADMIN" });
      await createUser({ role: "ADMIN" });
      await expect(
        deleteUser(admin.actor, { userId: admin.user.id, confirmation: admin.user.email }),
      ).rejects.toMatchObject({ code: "CONFLICT" });
      expect(await db().user.count({ where: { id: admin.user.id } })).toBe(1);
    });

    it("never deletes the last active admin, even when two admins delete each other at once", async () => {
      const a = await createUser({ role: "ADMIN" });
      const b = await createUser({ role: "ADMIN" });
      const results = await Promise.allSettled([
        deleteUser(a.actor, { userId: b.user.id, confirmation: b.user.email }),
        deleteUser(b.actor, { userId: a.user.id, confirmation: a.user.email }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await db().user.count({ where: { role: "ADMIN", disabledAt: null } })).toBe(1);
    });

    it("never leaves no active admin when a demotion and a deletion race", async () => {
      const a = await createUser({ role: "ADMIN" });
      const b = await createUser({ role: "ADMIN" });
      await Promise.allSettled([
        deleteUser(a.actor, { userId: b.user.id, confirmation: b.user.email }),
        setUserRole(b.actor, { userId: a.user.id, role: "USER" }),
      ]);
      expect(await db().user.count({ where: { role: "ADMIN", disabledAt: null } })).toBe(1);
    });

    it("keeps a deleted admin's audit rows, with their email", async () => {
      const a = await createUser({ role: "ADMIN" });
      const b = await createUser({ role: "ADMIN", email: "bea@example.test" });
      const c = await createUser();
      await setUserDisabled(b.actor, { userId: c.user.id, disabled: true });
      await deleteUser(a.actor, { userId: b.user.id, confirmation: "bea@example.test" });
      const row = await db().auditLog.findFirstOrThrow({ where: { action: "user.disable" } });
      expect(row).toMatchObject({ actorId: null, actorEmail: "bea@example.test", targetId: c.user.id });
    });

    it("can delete a disabled admin while another admin is active", async () => {
      const a = await createUser({ role: "ADMIN" });
      const d = await createUser({ role: "ADMIN", disabled: true });
      await deleteUser(a.actor, { userId: d.user.id, confirmation: d.user.email });
      expect(await db().user.count({ where: { id: d.user.id } })).toBe(0);
    });
  });
});

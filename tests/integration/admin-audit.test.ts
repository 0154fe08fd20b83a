import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { deleteUser, setUserDisabled, setUserRole } from "@/lib/admin/users";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireAdmin, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors/app-error";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

const ids = (page: { rows: { id: string }[] }) => page.rows.map((row) => row.id);

describe("listAuditLog: access", () => {
  beforeEach(resetDatabase);

  it("answers only an active admin; everyone else gets not found", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser();
    const disabledAdmin = await createUser({ role: "ADMIN", disabled: true });
    await setUserDisabled(admin.actor, { userId: user.user.id, disabled: false }); // no-op, nothing logged
    await setUserRole(admin.actor, { userId: user.user.id, role: "ADMIN" });
    await setUserRole(admin.actor, { userId: user.user.id, role: "USER" });
    const actors: [string, Actor, string][] = [
      ["anonymous", null, "NOT_FOUND"],
      ["unknown id", { userId: randomUUID() }, "NOT_FOUND"],
      ["user", user.actor, "NOT_FOUND"],
      ["disabled admin", disabledAdmin.actor, "NOT_FOUND"],
      ["admin", admin.actor, "ok"],
    ];
    for (const [kind, actor, expected] of actors) {
      const outcome = await listAuditLog(actor, {}).then(
        () => "ok",
        (error: unknown) => (error instanceof AppError ? error.code : String(error)),
      );
      expect(outcome, kind).toBe(expected);
    }
    expect(await db().auditLog.count()).toBe(2);
  });
});

describe("listAuditLog", () => {
  beforeEach(resetDatabase);

  it("shows who did which action to whom, newest first, with the target user named", async () => {
    const ada = await createUser({ role: "ADMIN", name: "Ada", email: "ada@example.test" });
    const bea = await createUser({ role: "ADMIN", name: "Bea", email: "bea@example.test" });
    const dana = await createUser({ name: "Dana", email: "dana@example.test" });
    const eve = await createUser({ name: "Eve", email: "eve@example.test" });
    await setUserRole(ada.actor, { userId: dana.user.id, role: "ADMIN" });
    await setUserDisabled(bea.actor, { userId: dana.user.id, disabled: true });
    await deleteUser(ada.actor, { userId: eve.user.id, confirmation: "eve@example.test" });

    const { rows } = await listAuditLog(ada.actor, {});
    expect(rows.map((row) => [row.actorEmail, row.action, row.targetId])).toEqual([
      ["ada@example.test", "user.delete", eve.user.id],
      ["bea@example.test", "user.disable", dana.user.id],
      ["ada@example.test", "user.role", dana.user.id],
    ]);
    expect(rows[2]).toMatchObject({
      targetType: "user",
      targetUser: { name: "Dana", email: "dana@example.test" },
      details: { from: "USER", to: "ADMIN" },
    });
    // A deleted user is no longer named.
    expect(rows[0]).toMatchObject({ targetUser: null, details: { role: "USER", disabled: false } });
  });

  it("filters by action and by admin email; unknown values are empty or a clear error", async () => {
    const ada = await createUser({ role: "ADMIN", email: "ada@example.test" });
    const bea = await createUser({ role: "ADMIN", email: "bea@example.test" });
    const dana = await createUser();
    await setUserRole(ada.actor, { userId: dana.user.id, role: "ADMIN" });
    await setUserDisabled(bea.actor, { userId: dana.user.id, disabled: true });
    await setUserDisabled(ada.actor, { userId: dana.user.id, disabled: false });
    const admin = await requireAdmin(ada.actor);
    // Other engineers' actions land in the same log.
    await recordAudit(db(), admin, {
      action: "feedback.review",
      targetType: "feedback",
      targetId: randomUUID(),
    });

    const actions = async (filters: Record<string, unknown>) =>
      (await listAuditLog(ada.actor, filters)).rows.map((row) => row.action);
    expect(await actions({ action: "user.disable" })).toEqual(["user.disable"]);
    expect(await actions({ admin: "bea@example.test" })).toEqual(["user.disable"]);
    expect(await actions({ admin: " ADA@example.test " })).toEqual([
      "feedback.review",
      "user.enable",
      "user.role",
    ]);
    expect(await actions({ admin: "ada@example.test", action: "user.enable" })).toEqual(["user.enable"]);
    expect(await actions({ admin: "ada@example.test", action: "user.disable" })).toEqual([]);
    expect(await actions({ admin: "nobody@example.test" })).toEqual([]);
    expect(await actions({ admin: "" })).toHaveLength(4);

    await expect(listAuditLog(ada.actor, { action: "user.hack" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(listAuditLog(ada.actor, { admin: "x".repeat(10_000) })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(listAuditLog(ada.actor, { after: "nonsense" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("pages newest first by keyset, with no duplicates or gaps while entries arrive", async () => {
    const ada = await createUser({ role: "ADMIN" });
    const admin = await requireAdmin(ada.actor);
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 23; i++) {
      await db().auditLog.create({
        data: {
          actorId: admin.id,
          actorEmail: admin.email,
          action: "conversation.view",
          targetType: "message",
          targetId: randomUUID(),
          // Pairs share a timestamp: the id breaks the tie.
          createdAt: new Date(base + Math.floor(i / 2) * 1000),
        },
      });
    }
    const expected = ids(await listAuditLog(ada.actor, { limit: 100 }));
    expect(expected).toHaveLength(23);

    const seen: string[] = [];
    const pages = [];
    let page = await listAuditLog(ada.actor, { limit: 10 });
    for (;;) {
      pages.push(page);
      seen.push(...ids(page));
      if (!page.older) break;
      await recordAudit(db(), admin, { action: "export.download", targetType: "export" });
      page = await listAuditLog(ada.actor, { limit: 10, after: page.older });
    }
    expect(seen).toEqual(expected);
    expect(pages.map((p) => p.rows.length)).toEqual([10, 10, 3]);
    const back = await listAuditLog(ada.actor, { limit: 10, before: pages[2]!.newer! });
    expect(ids(back)).toEqual(ids(pages[1]!));
  });
});

describe("the audit log is append-only", () => {
  it("no application code updates or deletes audit rows", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const offenders: string[] = [];
    async function walk(dir: string) {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "generated" && entry.name !== "node_modules") await walk(full);
        } else if (/\.(ts|tsx)$/.test(entry.name)) {
          const text = await readFile(full, "utf8");
          if (
            /auditLog\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b|(UPDATE|DELETE\s+FROM)\s+"AuditLog"/i.test(
              text,
            )
          ) {
            offenders.push(path.relative(root, full));
          }
        }
      }
    }
    for (const dir of ["app", "components", "lib", "scripts"]) await walk(path.join(root, dir));
    expect(offenders).toEqual([]);
  });
});

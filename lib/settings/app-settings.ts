import "server-only";
import { db } from "../db/client";
import { requireAdmin, type Actor } from "../auth/actor";
import { parseInput } from "../errors/parse-input";
import { recordAudit } from "../audit/record-audit";
import { forgetApiKeys } from "../api-keys/verify";
import { ROLES, setApiRolesInput } from "./schemas";

type Role = (typeof ROLES)[number];

export type AppSettingsView = {
  /** The roles whose users may use the public API (lib/api-keys/verify-sql.ts reads the same row). */
  apiRoles: Role[];
};

// The schema's defaults: a missing row (a fresh install) means these, here and in verify-sql.ts.
const DEFAULTS: AppSettingsView = { apiRoles: ["USER", "ADMIN"] };

const ordered = (roles: readonly Role[]): Role[] => ROLES.filter((role) => roles.includes(role));

/** The instance's settings (Admin → Users → API access). Admin-only. */
export async function getAppSettings(actor: Actor): Promise<AppSettingsView> {
  await requireAdmin(actor);
  const row = await db().appSettings.findUnique({ where: { id: 1 }, select: { apiRoles: true } });
  return row ? { apiRoles: ordered(row.apiRoles) } : DEFAULTS;
}

/**
 * Sets which roles may use the API, audited with before and after. Admin-only. Takes effect on this
 * instance's next request (it forgets its verified keys) and on every other within the key cache's 4 s.
 */
export async function setApiRoles(actor: Actor, raw: unknown): Promise<AppSettingsView> {
  const admin = await requireAdmin(actor);
  const { apiRoles } = parseInput(setApiRolesInput, raw);
  const changed = await db().$transaction(async (tx) => {
    // An upsert that always writes: it creates the row when missing and locks it otherwise (one
    // INSERT … ON CONFLICT), so two admins saving at once each audit the "before" they replaced.
    const before = await tx.appSettings.upsert({
      where: { id: 1 },
      create: { id: 1 },
      update: { updatedAt: new Date() },
      select: { apiRoles: true },
    });
    const from = ordered(before.apiRoles);
    // Idempotent: a double click or a stale form that changes nothing logs nothing.
    if (from.join() === apiRoles.join()) return false;
    await tx.appSettings.update({ where: { id: 1 }, data: { apiRoles } });
    await recordAudit(tx, admin, {
      action: "settings.apiRoles",
      targetType: "settings",
      targetId: "apiRoles",
      details: { before: from, after: apiRoles },
    });
    return true;
  });
  if (changed) forgetApiKeys();
  return { apiRoles };
}

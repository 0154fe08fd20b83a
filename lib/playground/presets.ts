import "server-only";
import { db } from "../db/client";
import { requireAdmin, requireUser, type Actor } from "../auth/actor";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { recordAudit } from "../audit/record-audit";
import {
  deletePresetInput,
  playgroundSettings,
  renamePresetInput,
  savePresetInput,
  sharePresetInput,
  type PlaygroundSettings,
} from "./schemas";

/** A saved set-up as the presets menu shows it. */
export type PresetView = {
  id: string;
  name: string;
  settings: PlaygroundSettings;
  /** Shown to every user of the playground (an admin shared it). */
  shared: boolean;
  /** The caller's own: the caller may overwrite, rename, delete (and, as an admin, share) it. */
  mine: boolean;
  /** Who saved it: shown beside shared presets. */
  ownerName: string;
  updatedAt: string;
};

/** How many presets one person may keep: a menu, not a store, and a bound on what one user can write. */
export const PRESETS_PER_USER = 100;
/** Shared presets listed, newest first: every user's menu carries them. */
export const SHARED_PRESETS_LISTED = 100;

const COLUMNS = {
  id: true,
  userId: true,
  name: true,
  shared: true,
  settings: true,
  updatedAt: true,
  user: { select: { name: true } },
} as const;

type Row = {
  id: string;
  userId: string;
  name: string;
  shared: boolean;
  settings: unknown;
  updatedAt: Date;
  user: { name: string };
};

function view(row: Row, callerId: string): PresetView | null {
  // Stored as the schema validated it; a set-up that no longer validates (the schema tightened since)
  // would break the playground's form, so it is left out rather than loaded.
  const settings = playgroundSettings.safeParse(row.settings);
  if (!settings.success) return null;
  return {
    id: row.id,
    name: row.name,
    settings: settings.data,
    shared: row.shared,
    mine: row.userId === callerId,
    ownerName: row.user.name,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Prisma's unique-constraint violation (P2002): the (user, name) index refused a second one. */
const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** A row just written, as the menu shows it; gone (deleted meanwhile) or no longer valid: not found. */
function shown(row: Row | null, callerId: string): PresetView {
  const preset = row && view(row, callerId);
  if (!preset) throw notFound("Preset not found.");
  return preset;
}

const nameTaken = (name: string) =>
  new AppError("CONFLICT", `You already have a preset named "${name}".`, {
    name: `You already have a preset named "${name}".`,
  });

export type PresetList = {
  presets: PresetView[];
  /** The caller is an admin, who may share their own presets with everyone. */
  canShare: boolean;
};

/**
 * The caller's presets (by name) and then those shared by admins (newest first). A share counts only
 * while its owner is an active admin: a demoted or disabled admin's presets stop being offered.
 */
export async function listPresets(actor: Actor): Promise<PresetList> {
  const user = await requireUser(actor);
  const [own, shared] = await Promise.all([
    db().playgroundPreset.findMany({
      where: { userId: user.id },
      select: COLUMNS,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: PRESETS_PER_USER,
    }),
    db().playgroundPreset.findMany({
      where: {
        shared: true,
        userId: { not: user.id },
        user: { role: "ADMIN", disabledAt: null },
      },
      select: COLUMNS,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      take: SHARED_PRESETS_LISTED,
    }),
  ]);
  return {
    presets: [...own, ...shared].flatMap((row) => view(row, user.id) ?? []),
    canShare: user.role === "ADMIN",
  };
}

/**
 * "Save preset": a new preset, or, with `overwrite`, the caller's own preset of that name replaced
 * (the menu asks first). Without `overwrite` a taken name is a CONFLICT naming the field.
 */
export async function savePreset(actor: Actor, raw: unknown): Promise<PresetView> {
  const user = await requireUser(actor);
  const { name, settings, overwrite } = parseInput(savePresetInput, raw);
  const where = { userId_name: { userId: user.id, name } };
  try {
    const row = await db().$transaction(async (tx) => {
      const existing = await tx.playgroundPreset.findUnique({ where, select: { id: true } });
      if (existing && !overwrite) throw nameTaken(name);
      if (existing) {
        return tx.playgroundPreset.update({ where, data: { settings }, select: COLUMNS });
      }
      // Two saves racing past this count may end one over the cap: harmless, and cheaper than a lock.
      if ((await tx.playgroundPreset.count({ where: { userId: user.id } })) >= PRESETS_PER_USER) {
        throw new AppError(
          "VALIDATION",
          `You have ${PRESETS_PER_USER} presets, the most one person may keep. Delete one first.`,
        );
      }
      return tx.playgroundPreset.create({ data: { userId: user.id, name, settings }, select: COLUMNS });
    });
    return shown(row, user.id);
  } catch (error) {
    // Two first saves of one name at once: the unique index lets one through.
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

/** Renames one of the caller's presets; a name the caller already uses is a CONFLICT. */
export async function renamePreset(actor: Actor, raw: unknown): Promise<PresetView> {
  const user = await requireUser(actor);
  const { presetId, name } = parseInput(renamePresetInput, raw);
  const where = { id: presetId, userId: user.id };
  try {
    // updateMany: someone else's preset, a missing one or one deleted meanwhile all change nothing.
    const { count } = await db().playgroundPreset.updateMany({ where, data: { name } });
    if (count === 0) throw notFound("Preset not found.");
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
  return shown(await db().playgroundPreset.findFirst({ where, select: COLUMNS }), user.id);
}

/** Deletes one of the caller's presets. A shared one leaves everyone's menu, so that is audited. */
export async function deletePreset(actor: Actor, raw: unknown): Promise<{ id: string }> {
  const user = await requireUser(actor);
  const { presetId } = parseInput(deletePresetInput, raw);
  await db().$transaction(async (tx) => {
    const row = await tx.playgroundPreset.findFirst({
      where: { id: presetId, userId: user.id },
      select: { name: true, shared: true },
    });
    if (!row) throw notFound("Preset not found.");
    // deleteMany, not delete: a double click's second delete finds nothing and is "not found", not a 500.
    const { count } = await tx.playgroundPreset.deleteMany({ where: { id: presetId, userId: user.id } });
    if (count === 0) throw notFound("Preset not found.");
    if (row.shared) {
      await recordAudit(tx, user, {
        action: "preset.delete",
        targetType: "preset",
        targetId: presetId,
        details: { name: row.name, shared: true },
      });
    }
  });
  return { id: presetId };
}

/**
 * "Share with everyone": an admin offers one of their own presets to every user, or takes it back.
 * Audited when it changes. Non-admins, and other people's presets, are "not found".
 */
export async function setPresetShared(actor: Actor, raw: unknown): Promise<PresetView> {
  const admin = await requireAdmin(actor);
  const { presetId, shared } = parseInput(sharePresetInput, raw);
  const row = await db().$transaction(async (tx) => {
    // Changes the row only when the flag flips: a double click audits once and keeps updatedAt (the
    // shared list's order) as it was.
    const { count } = await tx.playgroundPreset.updateMany({
      where: { id: presetId, userId: admin.id, shared: !shared },
      data: { shared },
    });
    const after = await tx.playgroundPreset.findFirst({
      where: { id: presetId, userId: admin.id },
      select: COLUMNS,
    });
    if (!after) throw notFound("Preset not found.");
    if (count > 0) {
      await recordAudit(tx, admin, {
        action: shared ? "preset.share" : "preset.unshare",
        targetType: "preset",
        targetId: presetId,
        details: { name: after.name },
      });
    }
    return after;
  });
  return shown(row, admin.id);
}

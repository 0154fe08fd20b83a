import "server-only";
import { db } from "../db/client";
import { requireAdmin, type Actor } from "../auth/actor";
import { parseInput } from "../errors/parse-input";
import { recordAudit } from "../audit/record-audit";
import { forgetApiKeys } from "../api-keys/verify";
import { announceInvalidation, listenForInvalidations, onInvalidation } from "../redis/invalidation";
import { ROLES, setApiRolesInput, updateFeatureSettingsInput } from "./schemas";

type Role = (typeof ROLES)[number];

/** The playground, arena and leaderboard switches, which every signed-in request may need to read. */
export type FeatureSettings = {
  /** The playground is open to admins only. */
  playgroundAdminsOnly: boolean;
  /** The share (0–100 %) of new chat turns answered blind by two models; 0 is off. */
  arenaSharePercent: number;
  /** The leaderboard is shown to every signed-in user. */
  leaderboardPublic: boolean;
};

export type AppSettingsView = FeatureSettings & {
  /** The roles whose users may use the public API (lib/api-keys/verify-sql.ts reads the same row). */
  apiRoles: Role[];
};

// The schema's defaults: a missing row (a fresh install) means these, here and in verify-sql.ts.
const DEFAULTS: AppSettingsView = {
  apiRoles: ["USER", "ADMIN"],
  playgroundAdminsOnly: false,
  arenaSharePercent: 0,
  leaderboardPublic: false,
};

const FEATURE_KEYS = ["playgroundAdminsOnly", "arenaSharePercent", "leaderboardPublic"] as const;

const ordered = (roles: readonly Role[]): Role[] => ROLES.filter((role) => roles.includes(role));

const SELECT = {
  apiRoles: true,
  playgroundAdminsOnly: true,
  arenaSharePercent: true,
  leaderboardPublic: true,
} as const;

/** The live traffic trial's columns (lib/evaluation/trial), cached with the switches. */
export type TrialColumns = {
  trialCandidateModelId: string | null;
  trialBaselineModelId: string | null;
  trialSharePercent: number;
};
const TRIAL_SELECT = {
  trialCandidateModelId: true,
  trialBaselineModelId: true,
  trialSharePercent: true,
} as const;
const TRIAL_DEFAULTS: TrialColumns = {
  trialCandidateModelId: null,
  trialBaselineModelId: null,
  trialSharePercent: 0,
};

type CachedRow = AppSettingsView & TrialColumns;

async function readRow(): Promise<CachedRow> {
  listenForInvalidations();
  const row = await db().appSettings.findUnique({ where: { id: 1 }, select: { ...SELECT, ...TRIAL_SELECT } });
  return row ? { ...row, apiRoles: ordered(row.apiRoles) } : { ...DEFAULTS, ...TRIAL_DEFAULTS };
}

async function readSettings(): Promise<AppSettingsView> {
  const { apiRoles, playgroundAdminsOnly, arenaSharePercent, leaderboardPublic } = await readRow();
  return { apiRoles, playgroundAdminsOnly, arenaSharePercent, leaderboardPublic };
}

// Read on hot paths (every chat turn asks about the arena), so each instance keeps the row for a few
// seconds: a change made on another instance shows within CACHE_MS, on this one at once.
const CACHE_MS = 4_000;
let cached: { at: number; value: Promise<CachedRow> } | undefined;

onInvalidation("app-settings", () => {
  cached = undefined;
});

/** Forgets this instance's copy of the settings after a change, and tells the others (with REDIS_URL). */
export function forgetAppSettings(): void {
  cached = undefined;
  announceInvalidation("app-settings");
}

/**
 * The feature switches, for any caller: they gate what a user may see (the playground, the
 * leaderboard) and are not secret. At most CACHE_MS old.
 */
export async function featureSettings(): Promise<FeatureSettings> {
  const { playgroundAdminsOnly, arenaSharePercent, leaderboardPublic } = await cachedRow();
  return { playgroundAdminsOnly, arenaSharePercent, leaderboardPublic };
}

function cachedRow(): Promise<CachedRow> {
  const now = performance.now();
  if (!cached || now - cached.at >= CACHE_MS) {
    const value = readRow();
    cached = { at: now, value };
    value.catch(() => {
      if (cached?.value === value) cached = undefined;
    });
  }
  return cached.value;
}

/**
 * The live trial's columns, read on every new chat: from the same few-seconds cache as the feature
 * switches, so a trial started on one instance routes chats on every other within CACHE_MS.
 */
export async function cachedTrialColumns(): Promise<TrialColumns> {
  const { trialCandidateModelId, trialBaselineModelId, trialSharePercent } = await cachedRow();
  return { trialCandidateModelId, trialBaselineModelId, trialSharePercent };
}

/** The instance's settings (Admin → Users → API access, and the feature switches). Admin-only. */
export async function getAppSettings(actor: Actor): Promise<AppSettingsView> {
  await requireAdmin(actor);
  return readSettings();
}

/**
 * Changes some of the feature switches, audited with the before and after of each one that changed.
 * Admin-only.
 */
export async function updateFeatureSettings(actor: Actor, raw: unknown): Promise<FeatureSettings> {
  const admin = await requireAdmin(actor);
  const patch = parseInput(updateFeatureSettingsInput, raw);
  const after = await db().$transaction(async (tx) => {
    // Locks the row (creating it when missing), so two admins saving at once each audit what they replaced.
    const before = await tx.appSettings.upsert({
      where: { id: 1 },
      create: { id: 1 },
      update: { updatedAt: new Date() },
      select: SELECT,
    });
    const changed = FEATURE_KEYS.filter((key) => patch[key] !== undefined && patch[key] !== before[key]);
    const next = { ...before, ...patch };
    if (changed.length === 0) return next;
    await tx.appSettings.update({ where: { id: 1 }, data: patch });
    await recordAudit(tx, admin, {
      action: "settings.features",
      targetType: "settings",
      targetId: "features",
      details: {
        before: Object.fromEntries(changed.map((key) => [key, before[key]])),
        after: Object.fromEntries(changed.map((key) => [key, next[key]])),
      },
    });
    return next;
  });
  forgetAppSettings();
  const { playgroundAdminsOnly, arenaSharePercent, leaderboardPublic } = after;
  return { playgroundAdminsOnly, arenaSharePercent, leaderboardPublic };
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
  forgetAppSettings();
  return { ...(await readSettings()), apiRoles };
}

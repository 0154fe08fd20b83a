import "server-only";
import { db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { requireAdmin, type Actor } from "../../auth/actor";
import { AppError } from "../../errors/app-error";
import { parseInput } from "../../errors/parse-input";
import { recordAudit } from "../../audit/record-audit";
import { forgetAppSettings } from "../../settings/app-settings";
import { modelsForRole, resolveModel, resolveModelForEvaluation } from "../../models/registry";
import { setLiveTrialInput } from "./schemas";
import { readTrialWindow, type TrialWindow } from "./trial-window";

type Tx = Prisma.TransactionClient;

export type LiveTrialView = {
  candidateModelId: string | null;
  baselineModelId: string | null;
  sharePercent: number;
  /** Running means a share above 0 with both models set. */
  running: boolean;
} & TrialWindow;

const fieldError = (field: string, message: string) =>
  new AppError("VALIDATION", message, { [field]: message });

/** The trial as stored (not the few-seconds cache): Admin → Evaluations → Live traffic. Admin-only. */
export async function getLiveTrial(actor: Actor): Promise<LiveTrialView> {
  await requireAdmin(actor);
  return readTrial(db());
}

async function readTrial(client: Tx | ReturnType<typeof db>): Promise<LiveTrialView> {
  const row = await client.appSettings.findUnique({
    where: { id: 1 },
    select: { trialCandidateModelId: true, trialBaselineModelId: true, trialSharePercent: true },
  });
  const candidateModelId = row?.trialCandidateModelId ?? null;
  const baselineModelId = row?.trialBaselineModelId ?? null;
  const sharePercent = row?.trialSharePercent ?? 0;
  return {
    candidateModelId,
    baselineModelId,
    sharePercent,
    running: sharePercent > 0 && candidateModelId !== null && baselineModelId !== null,
    ...(await readTrialWindow(client)),
  };
}

/**
 * The candidate's base model when the registry serves it to users (a fine-tuned model's lineage names
 * its base by our id, or by the provider's own id on the candidate's provider), else the default model.
 */
async function defaultBaseline(tx: Tx, candidateModelId: string): Promise<string> {
  const candidate = await tx.modelConfig.findUnique({
    where: { modelId: candidateModelId },
    select: { lineage: true, providerId: true },
  });
  const lineage = candidate?.lineage;
  const base =
    lineage && typeof lineage === "object" && !Array.isArray(lineage) && typeof lineage.baseModel === "string"
      ? lineage.baseModel
      : null;
  if (base && candidate) {
    const match = await tx.modelConfig.findFirst({
      where: {
        enabled: true,
        provider: { enabled: true },
        OR: [{ modelId: base }, { upstreamId: base, providerId: candidate.providerId }],
      },
      orderBy: { modelId: "asc" },
      select: { modelId: true },
    });
    const id = match?.modelId ?? base;
    if (id !== candidateModelId && (await servedToUsers(id))) return id;
  }
  return (await modelsForRole("USER")).defaultModelId;
}

const servedToUsers = (modelId: string) =>
  resolveModel(modelId, "USER").then(
    () => true,
    () => false,
  );

/**
 * Starts, changes or stops (share 0) the live trial, audited "settings.trial" with before and after.
 * One trial at a time: a running trial must be stopped before another candidate or baseline is tried
 * (changing its share keeps it, and its start). Every instance routes by it within the settings cache's
 * few seconds. Admin-only.
 */
export async function setLiveTrial(actor: Actor, raw: unknown): Promise<LiveTrialView> {
  const admin = await requireAdmin(actor);
  const input = parseInput(setLiveTrialInput, raw);
  // A stop is never refused: the models it leaves in place may be gone by now.
  const starting = input.sharePercent > 0;
  if (starting && input.candidateModelId) {
    await resolveModelForEvaluation(input.candidateModelId).catch(() => {
      throw fieldError("candidateModelId", "Choose a registered model of an enabled provider.");
    });
  }
  if (starting && input.baselineModelId && !(await servedToUsers(input.baselineModelId))) {
    throw fieldError(
      "baselineModelId",
      "The baseline must be a model users chat with (enabled, open to users).",
    );
  }
  const view = await db().$transaction(async (tx) => {
    // Locks the row (creating it when missing): two admins starting trials at once are serialised.
    await tx.appSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: { updatedAt: new Date() } });
    const before = await readTrial(tx);
    const stopping = input.sharePercent === 0;
    // Stopping stops the current trial whatever the form sent: its models stay, so its results can
    // still be read.
    const candidate = stopping ? before.candidateModelId : input.candidateModelId;
    let baseline = stopping ? before.baselineModelId : input.baselineModelId;
    if (!stopping) {
      baseline ??= before.running && before.candidateModelId === candidate ? before.baselineModelId : null;
      baseline ??= await defaultBaseline(tx, candidate!);
      if (baseline === candidate) {
        throw fieldError("baselineModelId", "The baseline must be another model than the candidate.");
      }
    }
    const sameTrial = before.candidateModelId === candidate && before.baselineModelId === baseline;
    if (!stopping && before.running && !sameTrial) {
      throw new AppError(
        "CONFLICT",
        `A trial of ${before.candidateModelId} against ${before.baselineModelId} is running: stop it before starting another.`,
      );
    }
    if (sameTrial && before.sharePercent === input.sharePercent) return before;
    const now = new Date();
    const startedAt = stopping ? before.startedAt : before.running && sameTrial ? before.startedAt : now;
    const stoppedAt = stopping ? (before.running ? now : before.stoppedAt) : null;
    await tx.appSettings.update({
      where: { id: 1 },
      data: {
        trialCandidateModelId: candidate,
        trialBaselineModelId: baseline,
        trialSharePercent: input.sharePercent,
      },
    });
    await recordAudit(tx, admin, {
      action: "settings.trial",
      targetType: "settings",
      targetId: "trial",
      details: {
        before: {
          candidateModelId: before.candidateModelId,
          baselineModelId: before.baselineModelId,
          sharePercent: before.sharePercent,
        },
        after: { candidateModelId: candidate, baselineModelId: baseline, sharePercent: input.sharePercent },
        // The results page reads the trial's window from here (lib/evaluation/trial/trial-window.ts).
        startedAt: startedAt?.toISOString() ?? null,
        stoppedAt: stoppedAt?.toISOString() ?? null,
      },
    });
    return {
      candidateModelId: candidate,
      baselineModelId: baseline,
      sharePercent: input.sharePercent,
      running: !stopping,
      startedAt,
      stoppedAt,
    };
  });
  forgetAppSettings();
  return view;
}

export type TrialChoice = { id: string; label: string };

/**
 * What the trial form offers: as candidate any registered model, disabled ones (fine-tuned models
 * waiting to prove themselves) included; as baseline the models users chat with. Admin-only.
 */
export async function listTrialChoices(
  actor: Actor,
): Promise<{ candidates: TrialChoice[]; baselines: TrialChoice[]; defaultModelId: string }> {
  await requireAdmin(actor);
  const [served, users, held] = await Promise.all([
    modelsForRole("ADMIN"),
    modelsForRole("USER"),
    db().modelConfig.findMany({
      where: { enabled: false, provider: { enabled: true } },
      orderBy: { modelId: "asc" },
      select: { modelId: true, displayName: true },
    }),
  ]);
  const label = (name: string, id: string) => (name === id ? id : `${name} (${id})`);
  return {
    candidates: [
      ...held.map((m) => ({ id: m.modelId, label: `${label(m.displayName, m.modelId)} · disabled` })),
      ...served.models.map((m) => ({ id: m.id, label: label(m.name, m.id) })),
    ],
    baselines: users.models.map((m) => ({ id: m.id, label: label(m.name, m.id) })),
    defaultModelId: users.defaultModelId,
  };
}

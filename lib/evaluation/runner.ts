import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { db, pool } from "../db/client";
import { queryRow } from "../db/query-row";
import { runTurn, type TurnResult } from "../chat/stream-turn";
import type { PreparedTurn } from "../chat/prepare-turn";
import { titleFromMessage } from "../ai/title";
import { resolveModelForEvaluation, type ResolvedModel } from "../models/registry";
import type { EvaluationItem } from "../db/generated/client";
import { judgePair } from "./judge";
import type { PromptMessage } from "./prompt-lines";
import { finishIfJudged, recordVerdict } from "./verdicts";
import {
  ADD_SPENT,
  CLAIM_EVALUATION,
  FINISH_RUN,
  RELEASE_LEASE,
  RENEW_LEASE,
  WRITE_ANSWER_ROW,
  WRITE_PROMPT,
  type ClaimedEvaluation,
} from "./runner-sql";

// The held-out replay runner: started every few seconds on every instance (lib/background-jobs.ts);
// the lease makes one instance run a given evaluation at a time, and a dead instance's lease
// expires so another continues. Every step is stored on the item as it happens, so a restart goes
// on where the run was: an item whose two answers are stored is never asked again.

export const LEASE_MS = 60_000;
const RENEW_EVERY_MS = LEASE_MS / 3;

/** This process, as a lease owner. */
const PROCESS_OWNER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

type Run = {
  id: string;
  owner: string;
  createdById: string;
  judge: "admins" | "model";
  costCapUsd: number | null;
  candidate: ResolvedModel;
  baseline: ResolvedModel;
  judgeModel: ResolvedModel | null;
  signal: AbortSignal;
  spent: number;
  /** Items with both answers stored: what the average cost of an item is measured on. */
  answered: number;
  capReached: boolean;
  ended: boolean;
};

/**
 * Runs every evaluation this instance can claim, one after the other; returns how many it ran.
 * `signal` (a shutdown) stops it taking prompts: the answers under way finish, the lease is released
 * and the next run (here or on another instance) continues.
 */
export async function runEvaluations(
  options: { owner?: string; signal?: AbortSignal } = {},
): Promise<number> {
  const owner = options.owner ?? PROCESS_OWNER;
  const signal = options.signal ?? new AbortController().signal;
  let count = 0;
  const seen = new Set<string>();
  while (!signal.aborted) {
    const { rows } = await pool().query<ClaimedEvaluation>({
      ...CLAIM_EVALUATION,
      values: [owner, LEASE_MS],
    });
    const claimed = rows[0];
    if (!claimed) break;
    // Left with prompts to do (an answer stopped from outside): the next tick tries again, not this loop.
    if (seen.has(claimed.id)) {
      await pool().query({ ...RELEASE_LEASE, values: [claimed.id, owner] });
      break;
    }
    seen.add(claimed.id);
    count++;
    await runEvaluation(claimed.id, owner, signal);
  }
  return count;
}

let ticking = false;

/** The background job's tick: never two at once in one process. */
export async function runEvaluationsTick(): Promise<void> {
  if (ticking) return;
  ticking = true;
  try {
    await runEvaluations();
  } finally {
    ticking = false;
  }
}

async function finish(run: Run, status: string, error: string | null): Promise<void> {
  run.ended = true;
  await pool().query({ ...FINISH_RUN, values: [run.id, run.owner, status, error] });
}

async function runEvaluation(id: string, owner: string, signal: AbortSignal): Promise<void> {
  const evaluation = await db().evaluation.findUnique({ where: { id } });
  if (!evaluation) return;
  const base = { id, owner, ended: false } as Run;
  if (!evaluation.createdById) {
    await finish(base, "failed", "The admin who created this evaluation no longer exists.");
    return;
  }
  let models: [ResolvedModel, ResolvedModel, ResolvedModel | null];
  try {
    models = await Promise.all([
      resolveModelForEvaluation(evaluation.candidateModelId),
      resolveModelForEvaluation(evaluation.baselineModelId),
      evaluation.judge === "model" && evaluation.judgeModelId
        ? resolveModelForEvaluation(evaluation.judgeModelId)
        : Promise.resolve(null),
    ]);
  } catch (error) {
    await finish(base, "failed", error instanceof Error ? error.message : "A model cannot be called.");
    return;
  }
  const answered = await db().evaluationItem.count({
    where: { evaluationId: id, status: { in: ["answered", "judged"] } },
  });
  const run: Run = {
    ...base,
    createdById: evaluation.createdById,
    judge: evaluation.judge === "model" ? "model" : "admins",
    costCapUsd: evaluation.costCapUsd,
    candidate: models[0],
    baseline: models[1],
    judgeModel: models[2],
    signal,
    spent: evaluation.spentUsd,
    answered,
    capReached: false,
  };
  const items = await db().evaluationItem.findMany({
    where: {
      evaluationId: id,
      status: { in: run.judge === "model" ? ["pending", "answered"] : ["pending"] },
    },
    orderBy: { position: "asc" },
  });
  const renew = setInterval(() => {
    void pool()
      .query({ ...RENEW_LEASE, values: [id, owner, LEASE_MS] })
      .then((result) => {
        if (result.rowCount === 0) run.ended = true;
      })
      .catch(() => undefined);
  }, RENEW_EVERY_MS).unref();
  try {
    let next = 0;
    const worker = async () => {
      while (next < items.length && (await mayContinue(run))) {
        // Taken after the check: another worker may have taken the last one meanwhile.
        const item = items[next++];
        if (!item) return;
        await processItem(run, item);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, evaluation.concurrency) }, worker));
  } catch (error) {
    console.error("An evaluation failed:", error instanceof Error ? error.message : error);
    clearInterval(renew);
    if (!run.ended) await finish(run, "failed", "The run failed unexpectedly; see the server log.");
    return;
  }
  clearInterval(renew);
  if (run.ended) return;
  if (run.capReached) {
    const cap = run.costCapUsd ?? 0;
    await finish(
      run,
      "stopped",
      `Stopped: cost cap reached ($${run.spent.toFixed(4)} spent of $${cap.toFixed(2)}).`,
    );
    return;
  }
  if (signal.aborted) {
    await pool().query({ ...RELEASE_LEASE, values: [id, owner] });
    return;
  }
  const open = await db().evaluationItem.count({ where: { evaluationId: id, status: "answered" } });
  const pending = await db().evaluationItem.count({ where: { evaluationId: id, status: "pending" } });
  if (pending > 0) {
    // Left pending only by a cancel or a lost lease, both handled above; let the next run look again.
    await pool().query({ ...RELEASE_LEASE, values: [id, owner] });
    return;
  }
  await finish(run, open > 0 ? "judging" : "done", null);
  if (open === 0) return;
  // The last pairs may have been judged while the status still said "running".
  await db().$transaction((tx) => finishIfJudged(tx, id));
}

/** Whether to take another prompt: still ours and running, not shutting down, under the cap. */
async function mayContinue(run: Run): Promise<boolean> {
  if (run.ended || run.capReached || run.signal.aborted) return false;
  const current = await db().evaluation.findUnique({
    where: { id: run.id },
    select: { status: true, leaseOwner: true, spentUsd: true },
  });
  if (!current || current.status !== "running" || current.leaseOwner !== run.owner) {
    run.ended = true;
    return false;
  }
  run.spent = current.spentUsd;
  if (run.costCapUsd !== null) {
    // Another item would cost about what an item has cost so far: stop before it would pass the cap.
    const perItem = run.answered > 0 ? run.spent / run.answered : 0;
    if (run.spent >= run.costCapUsd || run.spent + perItem > run.costCapUsd) {
      run.capReached = true;
      return false;
    }
  }
  return true;
}

async function addSpent(run: Run, usd: number): Promise<void> {
  if (usd <= 0) return;
  const { rows } = await pool().query<{ spentUsd: number }>({ ...ADD_SPENT, values: [run.id, usd] });
  if (rows[0]) run.spent = rows[0].spentUsd;
}

/** The item's prompt stored as a conversation (source `evaluation`), once. */
async function storePrompt(
  run: Run,
  item: EvaluationItem,
): Promise<{ conversationId: string; promptMessageId: string }> {
  if (item.conversationId && item.promptMessageId) {
    return { conversationId: item.conversationId, promptMessageId: item.promptMessageId };
  }
  const messages = item.prompt as PromptMessage[];
  const system = messages[0]?.role === "system" ? messages[0].content : "";
  const chain = messages.filter((m) => m.role !== "system");
  const conversationId = randomUUID();
  const ids = chain.map(() => randomUUID());
  const firstUser = chain.find((m) => m.role === "user")?.content ?? "";
  await queryRow(WRITE_PROMPT, [
    conversationId,
    run.createdById,
    titleFromMessage(firstUser),
    run.candidate.info.id,
    system,
    ids,
    ids.map((_, i) => (i === 0 ? null : ids[i - 1]!)),
    chain.map((m) => m.role),
    chain.map((m) => m.content),
  ]);
  const promptMessageId = ids.at(-1)!;
  await db().evaluationItem.update({ where: { id: item.id }, data: { conversationId, promptMessageId } });
  return { conversationId, promptMessageId };
}

type Side = "candidate" | "baseline";

/**
 * One side's answer: the stored one when it is complete (a restart after it was made), else a new
 * answer row under the prompt, generated and saved as the chat saves any answer (tokens, cost).
 */
async function answer(
  run: Run,
  item: EvaluationItem,
  side: Side,
  where: { conversationId: string; promptMessageId: string },
): Promise<{ id: string; text: string } | { failed: TurnResult }> {
  const existingId = side === "candidate" ? item.candidateAnswerId : item.baselineAnswerId;
  if (existingId) {
    const existing = await db().message.findUnique({
      where: { id: existingId },
      select: { status: true, text: true },
    });
    if (existing?.status === "complete") return { id: existingId, text: existing.text };
  }
  const model = side === "candidate" ? run.candidate : run.baseline;
  const assistantId = randomUUID();
  const row = await queryRow<{ createdAt: Date }>(WRITE_ANSWER_ROW, [
    assistantId,
    where.conversationId,
    where.promptMessageId,
    model.info.id,
    model.info.provider,
    JSON.stringify(model.params),
  ]);
  await db().evaluationItem.update({
    where: { id: item.id },
    data: side === "candidate" ? { candidateAnswerId: assistantId } : { baselineAnswerId: assistantId },
  });
  const messages = item.prompt as PromptMessage[];
  const turn: PreparedTurn = {
    userId: run.createdById,
    source: "evaluation",
    persist: true,
    conversationId: where.conversationId,
    isNewConversation: false,
    title: "",
    userMessageId: where.promptMessageId,
    newUserMessageId: null,
    assistantId,
    assistantCreatedAt: row.createdAt,
    ...model,
    params: { ...model.params },
    system: messages[0]?.role === "system" ? messages[0].content : "",
    history: messages
      .filter((m) => m.role !== "system")
      .map((m) => ({ role: m.role as "user" | "assistant", text: m.content })),
    droppedCount: 0,
    seed: Math.floor(Math.random() * 2 ** 31),
  };
  let result: TurnResult | undefined;
  await runTurn(turn, {
    text: () => undefined,
    end: (ended) => {
      result = ended;
    },
  });
  await addSpent(run, result?.usage?.costUsd ?? 0);
  if (!result || result.status !== "complete") {
    return { failed: result ?? ({ status: "error", error: "The answer failed." } as TurnResult) };
  }
  return { id: assistantId, text: result.text };
}

async function processItem(run: Run, item: EvaluationItem): Promise<void> {
  let texts: { candidate: string; baseline: string };
  let current = item;
  if (item.status === "pending") {
    const where = await storePrompt(run, item);
    current = { ...item, ...where };
    const candidate = await answer(run, current, "candidate", where);
    if ("failed" in candidate) return failSide(run, item, "candidate", candidate.failed);
    const baseline = await answer(run, current, "baseline", where);
    if ("failed" in baseline) return failSide(run, item, "baseline", baseline.failed);
    current = { ...current, candidateAnswerId: candidate.id, baselineAnswerId: baseline.id };
    await db().evaluationItem.update({ where: { id: item.id }, data: { status: "answered", error: null } });
    run.answered++;
    texts = { candidate: candidate.text, baseline: baseline.text };
  } else {
    const answers = await db().message.findMany({
      where: { id: { in: [item.candidateAnswerId!, item.baselineAnswerId!] } },
      select: { id: true, text: true },
    });
    const textOf = (id: string | null) => answers.find((a) => a.id === id)?.text ?? "";
    texts = { candidate: textOf(item.candidateAnswerId), baseline: textOf(item.baselineAnswerId) };
  }
  if (run.judge !== "model" || !run.judgeModel) return;
  let outcome;
  try {
    outcome = await judgePair(
      run.judgeModel,
      run.createdById,
      item.prompt as PromptMessage[],
      texts.candidate,
      texts.baseline,
      run.signal,
    );
  } catch (error) {
    if (run.signal.aborted) return;
    const message = error instanceof Error ? error.message : "The judge model failed.";
    await db().evaluationItem.update({
      where: { id: item.id },
      data: { status: "failed", error: `Judge failed: ${message.slice(0, 500)}` },
    });
    return;
  }
  await addSpent(run, outcome.costUsd);
  const detail = { by: "model", judgeModelId: run.judgeModel.info.id, replies: outcome.replies };
  await db().$transaction((tx) => recordVerdict(tx, current, outcome.verdict, run.createdById, detail, null));
}

/**
 * A side that did not complete: a stop (the evaluation was cancelled, or the instance is shutting
 * down) leaves the item pending for a later run; a model failure marks it failed and the run goes on.
 */
async function failSide(run: Run, item: EvaluationItem, side: Side, result: TurnResult): Promise<void> {
  if (result.status === "stopped") return;
  const label = side === "candidate" ? "Candidate" : "Baseline";
  await db().evaluationItem.update({
    where: { id: item.id },
    data: { status: "failed", error: `${label} failed: ${(result.error ?? "no answer").slice(0, 500)}` },
  });
}

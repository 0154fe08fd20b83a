import "server-only";
import { db } from "../db/client";
import { notFound } from "../errors/app-error";
import { requireAdmin, type Actor } from "../auth/actor";
import { modelNames } from "../models/registry";
import { winRate, type Tally, type WinRate } from "./results";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ItemCounts = { total: number; pending: number; answered: number; judged: number; failed: number };

export type EvaluationSummary = {
  id: string;
  candidateModelId: string;
  candidateName: string;
  baselineModelId: string;
  baselineName: string;
  judge: string;
  judgeModelId: string | null;
  status: string;
  error: string | null;
  concurrency: number;
  costCapUsd: number | null;
  estimatedCostUsd: number | null;
  spentUsd: number;
  createdAt: Date;
  finishedAt: Date | null;
  counts: ItemCounts;
};

export type EvaluationResult = EvaluationSummary & {
  datasetId: string | null;
  datasetName: string | null;
  tally: Tally;
  winRate: WinRate;
  failures: { position: number; error: string }[];
};

async function countsOf(ids: string[]): Promise<Map<string, ItemCounts>> {
  const groups = await db().evaluationItem.groupBy({
    by: ["evaluationId", "status"],
    where: { evaluationId: { in: ids } },
    _count: { _all: true },
  });
  const counts = new Map<string, ItemCounts>();
  for (const id of ids) counts.set(id, { total: 0, pending: 0, answered: 0, judged: 0, failed: 0 });
  for (const group of groups) {
    const entry = counts.get(group.evaluationId)!;
    entry.total += group._count._all;
    if (group.status in entry) entry[group.status as keyof ItemCounts] += group._count._all;
  }
  return counts;
}

type Row = Awaited<ReturnType<typeof rows>>[number];
const rows = (where: { id?: string }) =>
  db().evaluation.findMany({ where, orderBy: { createdAt: "desc" }, take: 100 });

function summarize(row: Row, counts: ItemCounts, names: Record<string, string>): EvaluationSummary {
  return {
    id: row.id,
    candidateModelId: row.candidateModelId,
    candidateName: names[row.candidateModelId] ?? row.candidateModelId,
    baselineModelId: row.baselineModelId,
    baselineName: names[row.baselineModelId] ?? row.baselineModelId,
    judge: row.judge,
    judgeModelId: row.judgeModelId,
    status: row.status,
    error: row.error,
    concurrency: row.concurrency,
    costCapUsd: row.costCapUsd,
    estimatedCostUsd: row.estimatedCostUsd,
    spentUsd: row.spentUsd,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    counts,
  };
}

/** Admin → Evaluations: the latest 100, newest first, with their progress. */
export async function listEvaluations(actor: Actor): Promise<EvaluationSummary[]> {
  await requireAdmin(actor);
  const found = await rows({});
  const counts = await countsOf(found.map((r) => r.id));
  const names = await modelNames(found.flatMap((r) => [r.candidateModelId, r.baselineModelId]));
  return found.map((row) => summarize(row, counts.get(row.id)!, names));
}

/**
 * One evaluation's results: progress, spending, and the candidate's win rate against the baseline
 * with a 95 % Wilson interval on wins / (wins + losses): ties and "both are bad" are counted and shown
 * but left out of the rate.
 */
export async function getEvaluationResult(actor: Actor, evaluationId: string): Promise<EvaluationResult> {
  await requireAdmin(actor);
  if (!UUID.test(evaluationId)) throw notFound("Evaluation not found.");
  const [row] = await rows({ id: evaluationId });
  if (!row) throw notFound("Evaluation not found.");
  const [counts, verdicts, failures, dataset] = await Promise.all([
    countsOf([row.id]),
    db().evaluationItem.groupBy({
      by: ["verdict"],
      where: { evaluationId, status: "judged" },
      _count: { _all: true },
    }),
    db().evaluationItem.findMany({
      where: { evaluationId, status: "failed" },
      select: { position: true, error: true },
      orderBy: { position: "asc" },
      take: 20,
    }),
    row.datasetId ? db().dataset.findUnique({ where: { id: row.datasetId }, select: { name: true } }) : null,
  ]);
  const count = (verdict: string) => verdicts.find((v) => v.verdict === verdict)?._count._all ?? 0;
  const tally: Tally = {
    wins: count("candidate"),
    losses: count("baseline"),
    ties: count("tie"),
    bothBad: count("both_bad"),
  };
  const names = await modelNames([row.candidateModelId, row.baselineModelId]);
  return {
    ...summarize(row, counts.get(row.id)!, names),
    datasetId: row.datasetId,
    datasetName: dataset?.name ?? null,
    tally,
    winRate: winRate(tally),
    failures: failures.map((f) => ({ position: f.position, error: f.error ?? "failed" })),
  };
}

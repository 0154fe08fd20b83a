import "server-only";
import { db } from "../db/client";
import { requireAdmin, type Actor } from "../auth/actor";
import { addDays, daysInclusive } from "./usage-input";
import { resolveUsageFilter, type ResolvedUsageFilter } from "./usage-filter";
import { usageReportSql } from "./usage-report-sql";
import { modelNames } from "../models/registry";

export type UsageFigures = {
  answers: number;
  estimatedAnswers: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costUsd: number;
};

export type UsageReport = {
  filter: ResolvedUsageFilter;
  totals: UsageFigures;
  /** Every day of the period, oldest first; a day without usage has zeros. */
  days: (UsageFigures & { day: string })[];
  /** Most expensive first (then most tokens); `email` is null when the account is gone. */
  users: (UsageFigures & { userId: string; email: string | null })[];
  /** How many users had usage in the period; `users` lists the first MAX_USERS_SHOWN. */
  userCount: number;
  /** `name` is the registry's name for the id now; null when it no longer knows it (provider deleted). */
  models: (UsageFigures & { modelId: string; name: string | null })[];
};

/** The per-user table stops here; the CSV has everyone. */
export const MAX_USERS_SHOWN = 100;

type Row = UsageFigures & {
  grouping: number;
  day: string | null;
  userId: string | null;
  modelId: string | null;
};

const ZERO: UsageFigures = {
  answers: 0,
  estimatedAnswers: 0,
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
};

function figures(row: Row): UsageFigures {
  const { answers, estimatedAnswers, inputTokens, cachedInputTokens, outputTokens, costUsd } = row;
  return { answers, estimatedAnswers, inputTokens, cachedInputTokens, outputTokens, costUsd };
}

const byCost = (a: UsageFigures, b: UsageFigures) =>
  b.costUsd - a.costUsd || b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens);

/**
 * Tokens and cost per day, per user and per model over a period (Admin → Usage). Admin-only. Reads the
 * UsageDaily rollup only: one grouped query over the period's rows plus the emails of the users shown.
 */
export async function getUsageReport(actor: Actor, raw: unknown): Promise<UsageReport> {
  await requireAdmin(actor);
  const filter = await resolveUsageFilter(raw);
  const rows = await db().$queryRaw<Row[]>(usageReportSql(filter));

  const perDay = new Map<string, UsageFigures>();
  const users: (UsageFigures & { userId: string })[] = [];
  const models: (UsageFigures & { modelId: string })[] = [];
  let totals = ZERO;
  for (const row of rows) {
    if (row.grouping === 3 && row.day) perDay.set(row.day, figures(row));
    else if (row.grouping === 5 && row.userId) users.push({ userId: row.userId, ...figures(row) });
    else if (row.grouping === 6 && row.modelId !== null)
      models.push({ modelId: row.modelId, ...figures(row) });
    else if (row.grouping === 7) totals = figures(row);
  }
  users.sort(byCost);
  models.sort(byCost);
  const shown = users.slice(0, MAX_USERS_SHOWN);
  const accounts = await db().user.findMany({
    where: { id: { in: shown.map((user) => user.userId) } },
    select: { id: true, email: true },
  });
  const emailOf = new Map(accounts.map((account) => [account.id, account.email]));
  const names = await modelNames(models.map((model) => model.modelId));

  const count = daysInclusive(filter.from, filter.to);
  const days = Array.from({ length: count }, (_, i) => {
    const day = addDays(filter.from, i);
    return { day, ...(perDay.get(day) ?? ZERO) };
  });
  return {
    filter,
    totals,
    days,
    users: shown.map((user) => ({ ...user, email: emailOf.get(user.userId) ?? null })),
    userCount: users.length,
    models: models.map((model) => ({ ...model, name: names[model.modelId] ?? null })),
  };
}

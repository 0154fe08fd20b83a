import "server-only";
import { db } from "../db/client";
import { requireAdmin, type Actor } from "../auth/actor";
import { csvLine } from "./csv";
import { resolveUsageFilter } from "./usage-filter";
import { usageCsvPageSql, type UsageCsvCursor } from "./usage-report-sql";

/** Rows per query: a year of a few hundred users is streamed in pages, never held in memory. */
const PAGE = 5_000;

export const USAGE_CSV_HEADER = [
  "day",
  "user_id",
  "email",
  "model",
  "source",
  "answers",
  "estimated_answers",
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "cost_usd",
] as const;

type CsvRow = UsageCsvCursor & {
  email: string;
  answers: number;
  estimatedAnswers: number;
  inputTokens: string;
  cachedInputTokens: string;
  outputTokens: string;
  costUsd: number;
};

export type UsageCsv = { filename: string; lines: AsyncGenerator<string, void, undefined> };

/**
 * Admin → Usage's "Download CSV": one line per UTC day, user, model and source of the page's filters,
 * from the rollup. Admin-only (others get "not found"); the filters are checked before the first byte.
 * A deleted account's rows stay, with the email "Deleted user".
 */
export async function openUsageCsv(actor: Actor, raw: unknown): Promise<UsageCsv> {
  await requireAdmin(actor);
  const filter = await resolveUsageFilter(raw);
  async function* lines(): AsyncGenerator<string, void, undefined> {
    yield csvLine(USAGE_CSV_HEADER);
    let after: UsageCsvCursor | null = null;
    for (;;) {
      const rows: CsvRow[] = await db().$queryRaw<CsvRow[]>(usageCsvPageSql(filter, after, PAGE));
      if (rows.length > 0) {
        yield rows
          .map((row) =>
            csvLine([
              row.day,
              row.userId,
              row.email || "Deleted user",
              row.modelId,
              row.source,
              row.answers,
              row.estimatedAnswers,
              // Bigints as the database wrote them (digits only): exact, whatever their size.
              row.inputTokens,
              row.cachedInputTokens,
              row.outputTokens,
              row.costUsd,
            ]),
          )
          .join("");
      }
      if (rows.length < PAGE) return;
      const last: CsvRow = rows.at(-1)!;
      after = { day: last.day, userId: last.userId, modelId: last.modelId, source: last.source };
    }
  }
  return { filename: `usage-${filter.from}-to-${filter.to}.csv`, lines: lines() };
}

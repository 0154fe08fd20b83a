import Link from "next/link";
import type { ComparisonAnswer, ComparisonListRow } from "@/lib/admin/comparisons";
import { formatTime } from "../format-time";
import { listHref } from "../list/search-params";
import { cellClass, ListTable, rowClass } from "../list/table";
import { TrainingBadge } from "./training-badge";

const COLUMNS = [
  "Time",
  "User",
  "Models",
  "Source",
  "Outcome",
  "Question",
  "Preferred",
  "Rejected",
  "Training",
] as const;

const SOURCE_LABELS: Record<ComparisonListRow["source"], string> = {
  explicit: "Explicit",
  ratings: "From ratings",
  arena: "Arena",
  evaluation: "Evaluation",
};

const noWinner = (row: ComparisonListRow) => (row.bothBad ? "both bad" : "tie");

const textCell = `${cellClass} min-w-48 max-w-72 break-words text-zinc-700 dark:text-zinc-300`;

/** The start of a text, marked as cut when the list shows only its first characters. */
function Start({ text, limit }: { text: string; limit: number }) {
  return (
    <>
      {text}
      {text.length >= limit ? "…" : null}
    </>
  );
}

function models(row: ComparisonListRow): string {
  const preferred = row.preferred.modelId ?? "unknown";
  const rejected = row.rejected.modelId ?? "unknown";
  return preferred === rejected ? preferred : `${preferred} vs ${rejected}`;
}

function AnswerCell({
  answer,
  label,
  limit,
}: {
  answer: ComparisonAnswer;
  label: string | null;
  limit: number;
}) {
  return (
    <td className={textCell}>
      {label ? <span className="block text-xs text-zinc-500">{label}</span> : null}
      <Start text={answer.textStart} limit={limit} />
    </td>
  );
}

export function ComparisonsTable({
  rows,
  filters,
  textLimit,
  empty,
}: {
  rows: ComparisonListRow[];
  filters: Record<string, string>;
  textLimit: number;
  empty: string | null;
}) {
  return (
    <ListTable caption="Comparisons" columns={COLUMNS} empty={rows.length === 0 ? empty : null}>
      {rows.map((row) => (
        <tr key={row.id} className={rowClass}>
          <td className={`${cellClass} whitespace-nowrap`}>
            <time dateTime={row.createdAt.toISOString()}>{formatTime(row.createdAt)}</time>
          </td>
          <td className={cellClass}>
            <Link
              href={listHref("/admin/comparisons", { ...filters, user: row.user.id })}
              className="underline"
              aria-label={`Only comparisons by ${row.user.name || "this user"}`}
            >
              {row.user.name || "(no name)"}
            </Link>
          </td>
          <td className={`${cellClass} break-all`}>{models(row)}</td>
          <td className={cellClass}>{SOURCE_LABELS[row.source]}</td>
          <td className={cellClass}>{row.bothBad ? "Both bad" : row.tie ? "Tie" : "Preferred"}</td>
          <td className={textCell}>
            <Start text={row.questionStart} limit={textLimit} />
          </td>
          <AnswerCell
            answer={row.preferred}
            label={row.tie ? `Answer A (${noWinner(row)})` : null}
            limit={textLimit}
          />
          <AnswerCell
            answer={row.rejected}
            label={row.tie ? `Answer B (${noWinner(row)})` : null}
            limit={textLimit}
          />
          <td className={cellClass}>
            <TrainingBadge training={row.training} />
          </td>
        </tr>
      ))}
    </ListTable>
  );
}

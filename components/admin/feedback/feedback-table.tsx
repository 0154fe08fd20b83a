import Link from "next/link";
import { reasonLabel } from "@/lib/feedback/reasons";
import type { FeedbackListRow } from "@/lib/admin/feedback-list";
import { filterQuery } from "@/lib/admin/feedback-filters";
import { formatTime } from "../format-time";
import { RATING_LABEL, STATUS_LABEL } from "./labels";

const cell = "px-3 py-2 align-top";

/** One row per rating. Every text cell is plain text: comments and answers are never rendered as HTML. */
export function FeedbackTable({ rows, query }: { rows: FeedbackListRow[]; query: string }) {
  if (rows.length === 0) {
    return <p className="py-10 text-center text-sm text-zinc-500">No feedback matches these filters.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <thead className="bg-zinc-50 text-xs text-zinc-500 uppercase dark:bg-zinc-900">
          <tr>
            <th className={cell}>Time</th>
            <th className={cell}>User</th>
            <th className={cell}>Model</th>
            <th className={cell}>Rating</th>
            <th className={cell}>Reasons</th>
            <th className={cell}>Comment</th>
            <th className={cell}>Answer</th>
            <th className={cell}>Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className={`${cell} whitespace-nowrap tabular-nums`}>
                <Link className="underline" href={`/admin/feedback/${row.id}${query ? `?${query}` : ""}`}>
                  {formatTime(row.createdAt)}
                </Link>
              </td>
              <td className={cell}>
                <Link
                  className="hover:underline"
                  href={`/admin/feedback?${filterQuery({ ...Object.fromEntries(new URLSearchParams(query)), user: row.userId })}`}
                >
                  {row.userName || "(no name)"}
                </Link>
              </td>
              <td className={`${cell} whitespace-nowrap`}>{row.modelId ?? "—"}</td>
              <td className={cell}>
                <span
                  className={
                    row.rating === "up"
                      ? "text-emerald-700 dark:text-emerald-400"
                      : "text-red-700 dark:text-red-400"
                  }
                >
                  {RATING_LABEL[row.rating]}
                </span>
              </td>
              <td className={cell}>{row.reasons.map(reasonLabel).join(", ")}</td>
              <td className={`${cell} max-w-56 break-words`}>{row.commentStart}</td>
              <td className={`${cell} max-w-72 break-words text-zinc-600 dark:text-zinc-400`}>
                {row.answerStart}
              </td>
              <td className={cell}>{STATUS_LABEL[row.reviewStatus]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

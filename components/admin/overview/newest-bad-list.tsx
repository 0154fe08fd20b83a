import Link from "next/link";
import type { NewestBadRating } from "@/lib/admin/overview/newest-bad";
import { UNKNOWN_MODEL } from "@/lib/admin/overview/summarize";
import { formatTime } from "../format-time";

/**
 * The newest bad ratings with a comment, each opening the rating in its conversation. Comments are
 * React text children, so whatever a user typed (markup included) is shown, never interpreted.
 */
export function NewestBadList({ items }: { items: readonly NewestBadRating[] }) {
  if (items.length === 0) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        No bad ratings with a comment in this period.
      </p>
    );
  }
  return (
    <ol className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {items.map((item) => (
        <li key={item.id} className="relative p-4 hover:bg-zinc-50 dark:hover:bg-zinc-900">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            {/* The link's ::after covers the whole item, so the item is one click target. */}
            <Link
              href={`/admin/feedback/${item.id}`}
              className="font-medium underline-offset-2 after:absolute after:inset-0 hover:underline"
            >
              <time dateTime={item.createdAt.toISOString()}>{formatTime(item.createdAt)}</time>
            </Link>
            <span className="text-zinc-600 dark:text-zinc-400">{item.modelId ?? UNKNOWN_MODEL}</span>
            {item.reasons.length > 0 ? (
              <ul aria-label="Reasons" className="flex flex-wrap gap-1">
                {item.reasons.map((reason) => (
                  <li
                    key={reason.key}
                    className="rounded-full bg-rose-50 px-2 py-0.5 text-xs text-rose-800 dark:bg-rose-950 dark:text-rose-200"
                  >
                    {reason.label}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <p className="mt-2 line-clamp-3 text-sm break-words whitespace-pre-line">{item.comment}</p>
        </li>
      ))}
    </ol>
  );
}

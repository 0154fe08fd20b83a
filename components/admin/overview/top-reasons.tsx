import type { ModelReasons } from "@/lib/admin/overview/summarize";
import { formatCount, formatPercent } from "./format";
import type { ModelColor } from "./model-colors";

/** Per model: the reasons most often given with a bad rating, as a share of the bad ratings giving one. */
export function TopReasons({
  reasons,
  colorOf,
}: {
  reasons: readonly ModelReasons[];
  colorOf: (key: string) => ModelColor;
}) {
  if (reasons.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No bad ratings in this period.</p>;
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {reasons.map((model) => (
        <li key={model.key} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <h3 className="flex items-center gap-2 font-medium">
            <span
              aria-hidden
              className={`inline-block size-3 shrink-0 rounded-sm ${colorOf(model.key).swatch}`}
            />
            <span className="min-w-0 break-words">{model.label}</span>
          </h3>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            {formatCount(model.bad)} bad ratings, {formatCount(model.badWithReason)} with a reason
          </p>
          {model.top.length === 0 ? (
            <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">No reasons given.</p>
          ) : (
            <ol className="mt-3 space-y-2 text-sm">
              {model.top.map((reason) => (
                <li key={reason.reason}>
                  <div className="flex justify-between gap-2">
                    <span>{reason.label}</span>
                    <span className="text-zinc-600 tabular-nums dark:text-zinc-400">
                      {formatCount(reason.count)} · {formatPercent(reason.share, 0)}
                    </span>
                  </div>
                  <div aria-hidden className="mt-1 h-1.5 rounded-full bg-zinc-200 dark:bg-zinc-800">
                    <div
                      className="h-full rounded-full bg-rose-600 dark:bg-rose-400"
                      style={{ width: `${reason.share * 100}%` }}
                    />
                  </div>
                </li>
              ))}
            </ol>
          )}
        </li>
      ))}
    </ul>
  );
}

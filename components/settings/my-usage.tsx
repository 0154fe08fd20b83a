import type { MyUsage } from "@/lib/usage/my-usage";
import { formatResetDate, formatBudgetAmount } from "@/lib/usage/month";
import { formatTokens, formatUsd } from "@/components/admin/usage/format-usage";

const monthName = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** Settings → Usage: the signed-in user's own tokens and cost this UTC month, and their limit if any. */
export function MyUsageSummary({ usage }: { usage: MyUsage }) {
  const { totals, budget } = usage;
  const month = monthName.format(new Date(`${usage.monthStart}T00:00:00Z`));
  const share = budget && budget.limit > 0 ? Math.min(1, budget.used / budget.limit) : budget ? 1 : 0;
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {month} so far (UTC). The month resets on {formatResetDate(usage.resetsOn)}.
      </p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ["Cost", formatUsd(totals.costUsd)],
          ["Input tokens", formatTokens(totals.inputTokens)],
          ["Output tokens", formatTokens(totals.outputTokens)],
          ["Answers", formatTokens(totals.answers)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
            <dt className="text-xs text-zinc-500">{label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {budget ? (
        <div className="flex flex-col gap-1">
          <p className="text-sm">
            Monthly limit: {formatBudgetAmount(budget.unit, budget.limit)}. Used:{" "}
            {formatBudgetAmount(budget.unit, budget.used)}.
            {budget.reached ? ` You have reached it; it resets on ${formatResetDate(budget.resetsOn)}.` : ""}
          </p>
          <div
            role="meter"
            aria-label="Monthly limit used"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(share * 100)}
            className="h-2 w-full max-w-md overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
          >
            <div
              className={`h-full ${budget.reached ? "bg-red-600" : "bg-emerald-600"}`}
              style={{ width: `${share * 100}%` }}
            />
          </div>
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No monthly limit applies to your account.</p>
      )}
      {usage.models.length > 0 ? (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Your usage this month per model</caption>
          <thead className="text-xs text-zinc-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Model
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Tokens
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {usage.models.map((model) => (
              <tr key={model.modelId} className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="row" className="py-1.5 pr-3 font-normal">
                  {model.modelId || "Unknown"}
                </th>
                <td className="py-1.5 pr-3 text-right tabular-nums">
                  {formatTokens(model.inputTokens + model.outputTokens)}
                </td>
                <td className="py-1.5 text-right tabular-nums">{formatUsd(model.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

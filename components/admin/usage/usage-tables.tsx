import Link from "next/link";
import type { UsageFigures, UsageReport } from "@/lib/usage/usage-report";
import { formatCount, formatDay } from "../overview/format";
import { formatTokens, formatUsd } from "./format-usage";

const cell = "px-3 py-1.5 text-right tabular-nums";
const head = "px-3 py-2 text-right font-medium";

function FigureHeads() {
  return (
    <>
      <th scope="col" className={head}>
        Answers
      </th>
      <th scope="col" className={head}>
        Input tokens
      </th>
      <th scope="col" className={head}>
        Cached input
      </th>
      <th scope="col" className={head}>
        Output tokens
      </th>
      <th scope="col" className={head}>
        Cost
      </th>
    </>
  );
}

function FigureCells({ figures }: { figures: UsageFigures }) {
  return (
    <>
      <td className={cell}>{formatCount(figures.answers)}</td>
      <td className={cell}>{formatTokens(figures.inputTokens)}</td>
      <td className={cell}>{formatTokens(figures.cachedInputTokens)}</td>
      <td className={cell}>{formatTokens(figures.outputTokens)}</td>
      <td className={cell}>{formatUsd(figures.costUsd)}</td>
    </>
  );
}

function Table({
  caption,
  first,
  rows,
  totals,
}: {
  caption: string;
  first: string;
  rows: { key: string; label: React.ReactNode; figures: UsageFigures }[];
  totals?: UsageFigures;
}) {
  return (
    <div className="max-h-[32rem] overflow-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-zinc-50 text-xs dark:bg-zinc-900">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              {first}
            </th>
            <FigureHeads />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="border-t border-zinc-200 dark:border-zinc-800">
              <th scope="row" className="px-3 py-1.5 font-normal whitespace-nowrap">
                {row.label}
              </th>
              <FigureCells figures={row.figures} />
            </tr>
          ))}
        </tbody>
        {totals ? (
          <tfoot className="border-t-2 border-zinc-300 font-medium dark:border-zinc-700">
            <tr>
              <th scope="row" className="px-3 py-1.5 text-left">
                Total
              </th>
              <FigureCells figures={totals} />
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

/** The period's totals as cards. */
export function UsageTotals({ totals }: { totals: UsageFigures }) {
  const cards = [
    { label: "Cost", value: formatUsd(totals.costUsd) },
    {
      label: "Input tokens",
      value: formatTokens(totals.inputTokens),
      note: `${formatTokens(totals.cachedInputTokens)} cached`,
    },
    { label: "Output tokens", value: formatTokens(totals.outputTokens) },
    {
      label: "Answers",
      value: formatCount(totals.answers),
      note: `${formatCount(totals.estimatedAnswers)} with estimated tokens`,
    },
  ];
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
      {cards.map((card) => (
        <div key={card.label} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <dt className="text-xs tracking-wide text-zinc-500 uppercase">{card.label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{card.value}</dd>
          {card.note ? <dd className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{card.note}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

export function PerDayTable({ report }: { report: UsageReport }) {
  return (
    <Table
      caption="Tokens and cost per UTC day"
      first="Day (UTC)"
      rows={[...report.days]
        .reverse()
        .map((day) => ({ key: day.day, label: formatDay(day.day), figures: day }))}
      totals={report.totals}
    />
  );
}

/** Links keep the period and the model filter and narrow to one user (by id: deleted users too). */
export function PerUserTable({
  report,
  hrefFor,
}: {
  report: UsageReport;
  hrefFor: (userId: string) => string;
}) {
  if (report.users.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No usage.</p>;
  return (
    <>
      <Table
        caption="Tokens and cost per user"
        first="User"
        rows={report.users.map((user) => ({
          key: user.userId,
          label: (
            <Link href={hrefFor(user.userId)} className="underline-offset-2 hover:underline">
              {user.email ?? "Deleted user"}
            </Link>
          ),
          figures: user,
        }))}
      />
      {report.userCount > report.users.length ? (
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
          The {report.users.length} highest of {formatCount(report.userCount)} users; the CSV has everyone.
        </p>
      ) : null}
    </>
  );
}

export function PerModelTable({ report }: { report: UsageReport }) {
  if (report.models.length === 0)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No usage.</p>;
  return (
    <Table
      caption="Tokens and cost per model"
      first="Model"
      rows={report.models.map((model) => ({
        key: model.modelId,
        // The id is what answers recorded; the name, while the registry still knows it, is what admins chose.
        label: !model.modelId
          ? "Unknown"
          : model.name && model.name !== model.modelId
            ? `${model.name} (${model.modelId})`
            : model.modelId,
        figures: model,
      }))}
    />
  );
}

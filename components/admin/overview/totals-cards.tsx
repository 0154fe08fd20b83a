import type { Overview } from "@/lib/admin/overview/get-overview";
import { formatCount, formatPercent } from "./format";

/** All-time totals, each with what the period added. */
export function TotalsCards({ overview }: { overview: Overview }) {
  const { totals, period, days } = overview;
  const within = `in the last ${days} days`;
  const cards = [
    { label: "Users", value: formatCount(totals.users), note: `${formatCount(period.users)} new ${within}` },
    {
      label: "Conversations",
      value: formatCount(totals.conversations),
      note: `${formatCount(period.conversations)} started ${within}`,
    },
    {
      label: "Messages",
      value: formatCount(totals.messages),
      note: `${formatCount(period.messages)} ${within}`,
    },
    {
      label: "Rated answers",
      value: formatCount(totals.ratedAnswers),
      note: `${formatCount(period.ratings)} ratings ${within}, ${formatPercent(period.positiveRate)} positive`,
    },
    {
      label: "Share of answers rated",
      value: formatPercent(totals.shareRated),
      note: `${formatPercent(period.shareRated)} of the ${formatCount(period.answers)} answers ${within}`,
    },
  ];
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
      {cards.map((card) => (
        <div key={card.label} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <dt className="text-xs tracking-wide text-zinc-500 uppercase">{card.label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{card.value}</dd>
          <dd className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{card.note}</dd>
        </div>
      ))}
    </dl>
  );
}

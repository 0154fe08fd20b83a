import type { Standing, UnrankedReason } from "@/lib/leaderboard/standings";
import { cellClass, ListTable, rowClass } from "@/components/admin/list/table";
import { modelLabel, percent, points } from "./format";

const REASONS: Record<UnrankedReason, (minVotes: number) => string> = {
  "too-few-votes": (minVotes) => `fewer than ${minVotes} votes`,
  "never-lost": () => "never lost to the ranked models: no finite rating yet",
  "never-won": () => "never beat the ranked models: no finite rating yet",
  "not-linked": () => "not compared with the ranked models",
};

const COLUMNS = ["Rank", "Model", "Rating", "95% CI", "Votes", "Win rate"] as const;

/** Ranked models by rating, then the ones with "not enough data", with why. */
export function RatingsTable({
  standings,
  names,
  minVotes,
}: {
  standings: Standing[];
  names: Record<string, string>;
  minVotes: number;
}) {
  return (
    <ListTable
      caption="Leaderboard"
      columns={COLUMNS}
      empty={standings.length === 0 ? "No comparisons match these filters." : null}
    >
      {standings.map((s) => {
        const label = modelLabel(names, s.model);
        return (
          <tr key={s.model} className={rowClass}>
            <td className={`${cellClass} tabular-nums`}>{s.rank ?? "—"}</td>
            <th scope="row" className={`${cellClass} text-left font-medium`}>
              {label}
              {label !== s.model ? (
                <span className="block text-xs font-normal text-zinc-500">{s.model}</span>
              ) : null}
            </th>
            {s.rating !== null && s.low !== null && s.high !== null ? (
              <>
                <td className={`${cellClass} font-semibold tabular-nums`}>{points(s.rating)}</td>
                <td className={`${cellClass} whitespace-nowrap tabular-nums`}>
                  {points(s.low)} – {points(s.high)}
                </td>
              </>
            ) : (
              <td colSpan={2} className={cellClass}>
                <span className="font-medium">Not enough data</span>
                <span className="block text-xs text-zinc-500">
                  {REASONS[s.unranked ?? "too-few-votes"](minVotes)}
                </span>
              </td>
            )}
            <td className={`${cellClass} tabular-nums`}>{s.votes.toLocaleString("en")}</td>
            <td className={`${cellClass} tabular-nums`}>{percent(s.winRate)}</td>
          </tr>
        );
      })}
    </ListTable>
  );
}

import type { MatrixCell } from "@/lib/leaderboard/standings";
import { modelLabel, percent } from "./format";

// The cell's colour repeats what its text says (blue: the row model won more, red: it lost more,
// stronger further from 50%); the text carries the information on its own.
function shade(share: number): string {
  const strength = Math.min(0.55, Math.abs(share - 0.5) * 1.1);
  return share >= 0.5 ? `rgba(37, 99, 235, ${strength})` : `rgba(220, 38, 38, ${strength})`;
}

/** The win-rate matrix as a table: each cell, the row model's share against the column model. */
export function WinRateMatrix({
  models,
  matrix,
  names,
}: {
  models: string[];
  matrix: MatrixCell[][];
  names: Record<string, string>;
}) {
  if (models.length < 2) return null;
  const th = "border border-zinc-200 px-2 py-1 font-medium dark:border-zinc-800";
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="border-collapse text-xs">
        <caption className="mb-2 text-left text-sm text-zinc-600 dark:text-zinc-400">
          Win rate of the row model against the column model (a tie counts half), with the number of
          comparisons.
        </caption>
        <thead>
          <tr>
            <td className="border border-zinc-200 dark:border-zinc-800" />
            {models.map((model) => (
              <th key={model} scope="col" className={`${th} max-w-28 align-bottom`}>
                {modelLabel(names, model)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {models.map((row, r) => (
            <tr key={row}>
              <th scope="row" className={`${th} text-left whitespace-nowrap`}>
                {modelLabel(names, row)}
              </th>
              {models.map((column, c) => {
                const cell = matrix[r]?.[c] ?? null;
                return (
                  <td
                    key={column}
                    className="border border-zinc-200 px-2 py-1 text-center whitespace-nowrap tabular-nums dark:border-zinc-800"
                    style={cell ? { backgroundColor: shade(cell.share) } : undefined}
                  >
                    {cell ? (
                      <>
                        {percent(cell.share)}
                        <span className="block text-[0.65rem] text-zinc-600 dark:text-zinc-300">
                          n = {cell.count.toLocaleString("en")}
                        </span>
                      </>
                    ) : (
                      <>
                        <span aria-hidden="true">—</span>
                        <span className="sr-only">{r === c ? "same model" : "never compared"}</span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import Link from "next/link";
import { OVERVIEW_PERIODS, type OverviewPeriod } from "@/lib/admin/overview/overview-input";

/** The period lives in the URL (?days=…): shareable, and the back button works. */
export function PeriodPicker({ current }: { current: OverviewPeriod }) {
  return (
    <nav aria-labelledby="overview-period">
      <h2 id="overview-period" className="text-xs font-medium tracking-wide text-zinc-500 uppercase">
        Period
      </h2>
      <ul className="mt-1 flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
        {OVERVIEW_PERIODS.map((days) => (
          <li key={days}>
            <Link
              href={`/admin?days=${days}`}
              aria-current={days === current ? "page" : undefined}
              className={`block rounded px-3 py-1 text-sm ${
                days === current
                  ? "bg-zinc-900 font-medium text-white dark:bg-zinc-100 dark:text-zinc-900"
                  : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
              }`}
            >
              {days} days
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

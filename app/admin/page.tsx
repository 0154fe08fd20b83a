import { after } from "next/server";
import { currentActor } from "@/lib/auth/session";
import { getOverview, refreshOverviewStats } from "@/lib/admin/overview/get-overview";
import { DEFAULT_PERIOD, overviewInput, PERIOD_MESSAGE } from "@/lib/admin/overview/overview-input";
import { DailyCharts } from "@/components/admin/overview/daily-charts";
import { formatDay } from "@/components/admin/overview/format";
import { modelColors } from "@/components/admin/overview/model-colors";
import { ModelTable } from "@/components/admin/overview/model-table";
import { OverviewSection } from "@/components/admin/overview/overview-section";
import { NewestBadList } from "@/components/admin/overview/newest-bad-list";
import { PeriodPicker } from "@/components/admin/overview/period-picker";
import { TopReasons } from "@/components/admin/overview/top-reasons";
import { TotalsCards } from "@/components/admin/overview/totals-cards";

export const metadata = { title: "Overview" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminOverviewPage({ searchParams }: Props) {
  const actor = await currentActor();
  // A period that is not 7, 30 or 90 (?days=abc, ?days=10000) shows the default with a notice.
  const parsed = overviewInput.safeParse({ days: (await searchParams).days });
  const overview = await getOverview(actor, parsed.success ? parsed.data : {});
  // Brings recently closed (or long unchecked) days of the rollup up to date once the page is sent.
  after(() =>
    refreshOverviewStats(actor).catch((error: unknown) => {
      console.error(
        "Refreshing the overview statistics failed:",
        error instanceof Error ? error.message : error,
      );
    }),
  );
  const colorOf = modelColors(overview.models.map((model) => model.key));

  return (
    <main>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Last {overview.days} days: {formatDay(overview.from)} to {formatDay(overview.to)} (UTC days, today
            included).
          </p>
        </div>
        <PeriodPicker current={overview.days} />
      </div>
      {parsed.success ? null : (
        <p
          role="status"
          className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          {PERIOD_MESSAGE} Showing the last {DEFAULT_PERIOD} days.
        </p>
      )}

      <section aria-labelledby="overview-totals" className="mt-6">
        <h2 id="overview-totals" className="sr-only">
          Totals
        </h2>
        <TotalsCards overview={overview} />
      </section>

      <OverviewSection id="overview-models" title="Positive rate per model">
        <ModelTable models={overview.models} colorOf={colorOf} />
      </OverviewSection>

      <OverviewSection id="overview-daily" title="Ratings per day">
        <DailyCharts days={overview.series.days} series={overview.series.models} colorOf={colorOf} />
      </OverviewSection>

      <OverviewSection id="overview-reasons" title="Top reasons for bad ratings">
        <TopReasons reasons={overview.reasons} colorOf={colorOf} />
      </OverviewSection>

      <OverviewSection id="overview-newest-bad" title="Newest bad ratings with comments">
        <NewestBadList items={overview.newestBad} />
      </OverviewSection>
    </main>
  );
}

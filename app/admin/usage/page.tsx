import { currentActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import { getUsageReport, type UsageReport } from "@/lib/usage/usage-report";
import { listBudgets } from "@/lib/usage/budgets";
import { formatDay } from "@/components/admin/overview/format";
import { OverviewSection } from "@/components/admin/overview/overview-section";
import { UsageChart } from "@/components/admin/usage/usage-chart";
import { UsageFilters } from "@/components/admin/usage/usage-filters";
import { PerDayTable, PerModelTable, PerUserTable, UsageTotals } from "@/components/admin/usage/usage-tables";
import { BudgetsSection } from "@/components/admin/usage/budgets-section";

export const metadata = { title: "Usage" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTERS = ["days", "from", "to", "user", "model"] as const;

export default async function AdminUsagePage({ searchParams }: Props) {
  const actor = await currentActor();
  const params = await searchParams;
  const raw: Record<string, string> = {};
  for (const key of FILTERS) {
    const value = params[key];
    if (typeof value === "string" && value !== "") raw[key] = value;
  }
  // Bad filters (a reversed period, an unknown email…) show their messages over the default report.
  let errors: Record<string, string> = {};
  let report: UsageReport;
  try {
    report = await getUsageReport(actor, raw);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "VALIDATION") throw error;
    errors = error.fieldErrors ?? { form: error.message };
    report = await getUsageReport(actor, {});
  }
  const budgets = await listBudgets(actor);

  const query = (extra: Record<string, string>) => {
    const search = new URLSearchParams(extra);
    return search.size > 0 ? `?${search}` : "";
  };
  const kept = Object.fromEntries(
    Object.entries({ user: raw.user, model: raw.model }).filter(
      (entry): entry is [string, string] => !!entry[1],
    ),
  );
  const { filter } = report;
  const periodParams: Record<string, string> =
    filter.days !== null ? { days: String(filter.days) } : { from: filter.from, to: filter.to };
  const csvHref = `/api/admin/usage/csv${query({ ...periodParams, ...(errors.user || errors.model ? {} : kept) })}`;

  return (
    <main>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Usage</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Tokens and cost from {formatDay(filter.from)} to {formatDay(filter.to)} (UTC days, both included)
            {filter.userLabel && !errors.user ? `, user ${report.users[0]?.email ?? filter.userLabel}` : ""}
            {filter.modelId ? `, model ${filter.modelId}` : ""}.
          </p>
        </div>
        <a
          href={csvHref}
          download
          className="inline-flex items-center rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Download CSV
        </a>
      </div>

      <div className="mt-6">
        <UsageFilters
          values={{
            days: filter.days ?? (raw.from ? null : 30),
            from: raw.from ?? "",
            to: raw.to ?? "",
            user: raw.user ?? "",
            model: raw.model ?? "",
          }}
          errors={errors}
          models={report.models.map((model) => model.modelId)}
          presetHref={(days) => `/admin/usage${query({ days: String(days), ...kept })}`}
        />
        {Object.keys(errors).length > 0 ? (
          <p
            role="status"
            className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          >
            {errors.form ?? "Some filters are not valid; showing the last 30 days for everyone."}
          </p>
        ) : null}
      </div>

      <section aria-labelledby="usage-totals" className="mt-6">
        <h2 id="usage-totals" className="sr-only">
          Totals
        </h2>
        <UsageTotals totals={report.totals} />
      </section>

      <OverviewSection id="usage-charts" title="Per day">
        <div className="flex flex-col gap-6">
          <UsageChart days={report.days} measure="cost" />
          <UsageChart days={report.days} measure="tokens" />
          <PerDayTable report={report} />
        </div>
      </OverviewSection>

      <OverviewSection id="usage-users" title="Per user">
        <PerUserTable
          report={report}
          hrefFor={(userId) =>
            `/admin/usage${query({ ...periodParams, user: userId, ...(raw.model ? { model: raw.model } : {}) })}`
          }
        />
      </OverviewSection>

      <OverviewSection id="usage-models" title="Per model">
        <PerModelTable report={report} />
      </OverviewSection>

      <OverviewSection id="usage-budgets" title="Budgets">
        <BudgetsSection budgets={budgets} />
      </OverviewSection>
    </main>
  );
}

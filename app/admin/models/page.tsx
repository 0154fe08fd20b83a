import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { getModelsOverview } from "@/lib/models/admin/admin-view";
import { PRICE_TABLE_DATE, PRICE_TABLE_SOURCE } from "@/lib/models/price-table";
import { loadOr404 } from "@/components/admin/models/load-or-404";
import { ProvidersTable } from "@/components/admin/models/providers-table";
import { DefaultModelForm } from "@/components/admin/models/default-model-form";
import { getAppSettings } from "@/lib/settings/app-settings";
import { FeatureSwitches } from "@/components/admin/feature-switches";

export const metadata: Metadata = { title: "Models" };

export default async function AdminModelsPage() {
  const actor = await currentActor();
  const [overview, settings] = await Promise.all([
    loadOr404(() => getModelsOverview(actor)),
    loadOr404(() => getAppSettings(actor)),
  ]);
  return (
    <main className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Models</h1>
        <Link
          href="/admin/models/providers/new"
          className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800"
        >
          Add provider
        </Link>
      </div>
      <ProvidersTable overview={overview} />
      <section aria-labelledby="default-heading" className="flex flex-col gap-2">
        <h2 id="default-heading" className="text-lg font-semibold">
          Default model
        </h2>
        <DefaultModelForm current={overview.defaultModelId} choices={overview.defaultChoices} />
      </section>
      <section aria-labelledby="features-heading" className="flex flex-col gap-2">
        <h2 id="features-heading" className="text-lg font-semibold">
          Playground, arena and leaderboard
        </h2>
        <FeatureSwitches
          initial={{
            playgroundAdminsOnly: settings.playgroundAdminsOnly,
            arenaSharePercent: settings.arenaSharePercent,
            leaderboardPublic: settings.leaderboardPublic,
          }}
        />
      </section>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Prices of OpenAI and Anthropic models are prefilled from the price table of {PRICE_TABLE_DATE}.{" "}
        {PRICE_TABLE_SOURCE}
      </p>
    </main>
  );
}

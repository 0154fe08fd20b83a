import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { getModelsOverview } from "@/lib/models/admin/admin-view";
import { PRICE_TABLE_DATE, PRICE_TABLE_SOURCE } from "@/lib/models/price-table";
import { loadOr404 } from "@/components/admin/models/load-or-404";
import { ProvidersTable } from "@/components/admin/models/providers-table";
import { DefaultModelForm } from "@/components/admin/models/default-model-form";

export const metadata: Metadata = { title: "Models" };

export default async function AdminModelsPage() {
  const actor = await currentActor();
  const overview = await loadOr404(() => getModelsOverview(actor));
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
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Prices of OpenAI and Anthropic models are prefilled from the price table of {PRICE_TABLE_DATE}.{" "}
        {PRICE_TABLE_SOURCE}
      </p>
    </main>
  );
}

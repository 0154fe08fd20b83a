import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { getAdminProvider, getModelsOverview } from "@/lib/models/admin/admin-view";
import { loadOr404 } from "@/components/admin/models/load-or-404";
import { ProviderForm } from "@/components/admin/models/provider-form";
import { ProviderActions } from "@/components/admin/models/provider-actions";
import { ProviderModels } from "@/components/admin/models/provider-models";

export const metadata: Metadata = { title: "Provider" };

export default async function ProviderPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  const { id } = await params;
  const provider = await loadOr404(() => getAdminProvider(actor, id));
  const { defaultModelId } = await loadOr404(() => getModelsOverview(actor));
  return (
    <main className="flex flex-col gap-6">
      <Link href="/admin/models" className="text-sm underline">
        ← Models
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">
          {provider.name}
          {provider.enabled ? null : (
            <span className="ml-2 text-sm font-normal text-zinc-500">(disabled)</span>
          )}
        </h1>
        <ProviderActions
          providerId={provider.id}
          name={provider.name}
          enabled={provider.enabled}
          modelCount={provider.models.length}
        />
      </div>
      <ProviderForm
        provider={{
          id: provider.id,
          type: provider.type,
          name: provider.name,
          baseUrl: provider.baseUrl,
          apiKeyMask: provider.apiKeyMask,
          headerNames: provider.headerNames,
        }}
      />
      <ProviderModels providerId={provider.id} models={provider.models} defaultModelId={defaultModelId} />
    </main>
  );
}

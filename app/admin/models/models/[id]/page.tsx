import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { getAdminModel } from "@/lib/models/admin/admin-view";
import { loadOr404 } from "@/components/admin/models/load-or-404";
import { ModelForm } from "@/components/admin/models/model-form";
import { getModelLineage } from "@/lib/fine-tuning/lineage-view";
import { ModelLineage } from "@/components/admin/fine-tuning/model-lineage";
import { PromotePanel } from "@/components/admin/evaluation/promote-panel";

export const metadata: Metadata = { title: "Model" };

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  const { id } = await params;
  const detail = await loadOr404(() => getAdminModel(actor, id));
  const lineage = await loadOr404(() => getModelLineage(actor, id));
  return (
    <main className="flex flex-col gap-4">
      <Link href={`/admin/models/providers/${detail.provider.id}`} className="text-sm underline">
        ← {detail.provider.name}
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">{detail.model.displayName}</h1>
      <p className="font-mono text-sm text-zinc-500">
        {detail.model.modelId}
        {detail.isDefault ? " · default for new chats" : ""}
      </p>
      <Link
        href={`/admin/evaluations/new?candidate=${encodeURIComponent(detail.model.modelId)}`}
        className="text-sm underline"
      >
        Evaluate
      </Link>
      <ModelForm detail={detail} />
      <ModelLineage modelConfigId={detail.model.id} view={lineage} />
      <PromotePanel actor={actor} modelId={detail.model.modelId} isDefault={detail.isDefault} />
    </main>
  );
}

import "server-only";
import { db } from "../db/client";
import { notFound } from "../errors/app-error";
import { requireAdmin, type Actor } from "../auth/actor";
import { readLineage, type Lineage } from "./lineage";

export type ModelLineageView = {
  lineage: Lineage | null;
  /** The dataset it names, while it exists. */
  dataset: { id: string; name: string } | null;
  /** Saved datasets, for "set lineage by hand". */
  datasets: { id: string; name: string; sha256: string }[];
};

/** The lineage block of a model's page (app/admin/models/models/[id]). */
export async function getModelLineage(actor: Actor, modelConfigId: string): Promise<ModelLineageView> {
  await requireAdmin(actor);
  if (!/^[0-9a-f-]{36}$/i.test(modelConfigId)) throw notFound("Model not found.");
  const model = await db().modelConfig.findUnique({
    where: { id: modelConfigId },
    select: { lineage: true },
  });
  if (!model) throw notFound("Model not found.");
  const lineage = readLineage(model.lineage);
  const [dataset, datasets] = await Promise.all([
    lineage?.datasetId
      ? db().dataset.findUnique({ where: { id: lineage.datasetId }, select: { id: true, name: true } })
      : null,
    db().dataset.findMany({
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { id: true, name: true, sha256: true },
    }),
  ]);
  return { lineage, dataset, datasets };
}

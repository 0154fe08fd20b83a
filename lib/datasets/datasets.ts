import "server-only";
// Admin → Datasets: the list, one dataset, and Delete. Datasets are immutable: there is no edit. Every
// read refreshes the withdrawn-data flags first, so what the page shows is never out of date.
import { rm } from "node:fs/promises";
import { requireAdmin, type Actor } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { notFound } from "../errors/app-error";
import type { ExportRequest } from "../export/export-input";
import type { FormatId } from "../export/types";
import { datasetFiles, parseDatasetRef } from "./dataset-files";
import { refreshDatasetFlags } from "./flags";
import { datasetIdInput } from "./schemas";
import { datasetDirectory, type DatasetFileEntry } from "./storage";

export type DatasetListItem = {
  id: string;
  name: string;
  format: FormatId;
  createdAt: Date;
  createdBy: string | null;
  trainRows: number;
  validationRows: number;
  sha256: string;
  flaggedAt: Date | null;
  flagReason: string | null;
};

export type DatasetDetail = DatasetListItem & {
  request: ExportRequest;
  files: DatasetFileEntry[];
  drops: Record<string, number>;
  conversations: number;
};

const LIST_LIMIT = 500;

async function creators(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db().user.findMany({
    where: { id: { in: wanted } },
    select: { id: true, email: true },
  });
  return new Map(users.map((user) => [user.id, user.email]));
}

type Row = Awaited<ReturnType<ReturnType<typeof db>["dataset"]["findMany"]>>[number];

function listItem(row: Row, emails: Map<string, string>): DatasetListItem {
  return {
    id: row.id,
    name: row.name,
    format: row.format as FormatId,
    createdAt: row.createdAt,
    createdBy: row.createdById ? (emails.get(row.createdById) ?? null) : null,
    trainRows: row.trainRows,
    validationRows: row.validationRows,
    sha256: row.sha256,
    flaggedAt: row.flaggedAt,
    flagReason: row.flagReason,
  };
}

/** The newest datasets first (at most LIST_LIMIT: snapshots are saved by hand, a few a week). */
export async function listDatasets(actor: Actor): Promise<DatasetListItem[]> {
  await requireAdmin(actor);
  await refreshDatasetFlags();
  const rows = await db().dataset.findMany({ orderBy: { createdAt: "desc" }, take: LIST_LIMIT });
  const emails = await creators(rows.map((row) => row.createdById));
  return rows.map((row) => listItem(row, emails));
}

export async function getDataset(actor: Actor, raw: unknown): Promise<DatasetDetail> {
  await requireAdmin(actor);
  const { datasetId } = parseDatasetRef(datasetIdInput, raw);
  await refreshDatasetFlags();
  const row = await db().dataset.findUnique({ where: { id: datasetId } });
  if (!row) throw notFound("Dataset not found.");
  const [emails, conversations] = await Promise.all([
    creators([row.createdById]),
    db().datasetConversation.count({ where: { datasetId } }),
  ]);
  return {
    ...listItem(row, emails),
    request: row.request as unknown as ExportRequest,
    files: datasetFiles(row.files),
    drops: (row.drops ?? {}) as Record<string, number>,
    conversations,
  };
}

/**
 * Removes the dataset's row (its conversation rows cascade) and files. A fine-tuning job made from it
 * keeps the training file's hash (FineTuneJob.datasetSha256), so a model's lineage still names it.
 */
export async function deleteDataset(actor: Actor, raw: unknown): Promise<{ deleted: true }> {
  const admin = await requireAdmin(actor);
  const { datasetId } = parseDatasetRef(datasetIdInput, raw);
  await db().$transaction(async (tx) => {
    const row = await tx.dataset.findUnique({
      where: { id: datasetId },
      select: { name: true, format: true, sha256: true },
    });
    if (!row) throw notFound("Dataset not found.");
    await tx.dataset.delete({ where: { id: datasetId } });
    await recordAudit(tx, admin, {
      action: "dataset.delete",
      targetType: "dataset",
      targetId: datasetId,
      details: { name: row.name, format: row.format, sha256: row.sha256 },
    });
  });
  // After the commit: a failed delete keeps its files; files left by a crash here hold no row and
  // are never listed.
  await rm(datasetDirectory(datasetId), { recursive: true, force: true });
  return { deleted: true };
}

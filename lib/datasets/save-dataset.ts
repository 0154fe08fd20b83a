import "server-only";
// "Save as dataset" on Admin → Export: the exact export the page previews, run in full into a new
// directory, published with its metadata in one step. Nothing is ever half-saved: the files are
// written under a temporary directory name, renamed to the dataset's directory inside the
// transaction that stores the rows, and any failure removes both directories and stores no row.
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm, unlink } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { requireAdmin, type Actor } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { authSecret } from "../env";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { exportInput, exportInputFromParams } from "../export/export-input";
import type { ExportProgress } from "../export/pipeline/export-lines";
import { insertDatasetConversationsSql } from "./flags-sql";
import { saveDatasetInput } from "./schemas";
import { datasetDirectory, datasetsRoot } from "./storage";
import { CONVERSATIONS_SPOOL, writeDatasetFiles } from "./write-files";

/** Conversations recorded per statement. */
const CONVERSATION_BATCH = 5_000;
/** Recording the conversations of a large export takes a while; the default 5 s is for small writes. */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

export type SaveOptions = {
  /** Aborting stops the export; nothing is kept. */
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
};

export type SavedDataset = { datasetId: string; sha256: string; trainRows: number; validationRows: number };

export async function saveDataset(
  actor: Actor,
  raw: unknown,
  options: SaveOptions = {},
): Promise<SavedDataset> {
  const admin = await requireAdmin(actor);
  const { name, query } = parseInput(saveDatasetInput, raw);
  const request = parseInput(exportInput, exportInputFromParams(new URLSearchParams(query)));
  const id = randomUUID();
  const finalDirectory = datasetDirectory(id);
  // A dot name: never taken for a dataset's directory (those are UUIDs) by a reader.
  const partial = path.join(datasetsRoot(), `.partial-${id}`);
  await mkdir(partial, { recursive: true });
  try {
    const written = await writeDatasetFiles(partial, request, {
      secret: authSecret(),
      signal: options.signal,
      onProgress: options.onProgress,
    });
    const train = written.files.find((file) => file.split === "train")!;
    if (train.rows === 0) {
      throw new AppError("VALIDATION", "Nothing to save: this export writes no training lines.", {
        query: "Nothing to save: this export writes no training lines.",
      });
    }
    const validationRows = written.files.find((file) => file.split === "validation")?.rows ?? 0;
    const spool = path.join(partial, CONVERSATIONS_SPOOL);
    await db().$transaction(
      async (tx) => {
        await tx.dataset.create({
          data: {
            id,
            name,
            format: request.format,
            request,
            files: written.files,
            sha256: train.sha256,
            trainRows: train.rows,
            validationRows,
            drops: written.summary.dropped,
            createdById: admin.id,
          },
        });
        for await (const batch of spooledConversations(spool)) {
          await tx.$executeRaw(insertDatasetConversationsSql(id, batch.ids, batch.splits));
        }
        await recordAudit(tx, admin, {
          action: "dataset.create",
          targetType: "dataset",
          targetId: id,
          details: {
            name,
            format: request.format,
            sha256: train.sha256,
            trainRows: train.rows,
            validationRows,
            conversations: written.progress.conversations,
          },
        });
        await unlink(spool);
        // Last: if it fails the rows roll back; if the commit fails after it, the catch removes it.
        await rename(partial, finalDirectory);
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
    );
    return { datasetId: id, sha256: train.sha256, trainRows: train.rows, validationRows };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    await rm(finalDirectory, { recursive: true, force: true });
    throw error;
  }
}

async function* spooledConversations(file: string) {
  let ids: string[] = [];
  let splits: string[] = [];
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) {
    const [conversationId, split] = line.split("\t");
    if (!conversationId || !split) continue;
    ids.push(conversationId);
    splits.push(split);
    if (ids.length >= CONVERSATION_BATCH) {
      yield { ids, splits };
      ids = [];
      splits = [];
    }
  }
  if (ids.length > 0) yield { ids, splits };
}

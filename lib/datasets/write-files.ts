import "server-only";
// Writes one export, in full, as a dataset's files: streamed to disk chunk by chunk (a megabyte of
// lines at a time, never the whole export), hashed while written. The conversations that wrote lines
// are spooled to a file too, so memory stays flat whatever the size.
import { createHash, type Hash } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { ExportRequest } from "../export/export-input";
import { exportFileName } from "../export/formats";
import { encodeLines } from "../export/lines/encode-lines";
import type { Split } from "../export/lines/split";
import type { ExportSummary } from "../export/lines/summary";
import { summaryName } from "../export/pipeline/download-body";
import {
  exporterOptions,
  exportLines,
  summaryDocument,
  type ExportProgress,
} from "../export/pipeline/export-lines";
import type { DatasetFileEntry } from "./storage";

/** The spool of "<conversation id>\t<split>" lines, removed before the directory is published. */
export const CONVERSATIONS_SPOOL = ".conversations.tsv";

export type WrittenDataset = {
  files: DatasetFileEntry[];
  summary: ExportSummary;
  progress: ExportProgress;
};

type Output = { name: string; handle: FileHandle; hash: Hash; bytes: number };

async function output(directory: string, name: string): Promise<Output> {
  return { name, handle: await open(path.join(directory, name), "wx"), hash: createHash("sha256"), bytes: 0 };
}

async function write(out: Output, bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) return;
  out.hash.update(bytes);
  out.bytes += bytes.length;
  await out.handle.write(bytes);
}

export type WriteOptions = {
  secret: string;
  signal?: AbortSignal;
  /** Called after each chunk reached the disk (with the counts so far). */
  onProgress?: (progress: ExportProgress) => void;
};

/**
 * Runs the export of `request` into `directory` (which must exist and be empty): the training file,
 * the validation file when the request splits, the summary JSON, and the conversations spool.
 */
export async function writeDatasetFiles(
  directory: string,
  request: ExportRequest,
  options: WriteOptions,
): Promise<WrittenDataset> {
  const split = request.options.split !== null;
  const outputs: Partial<Record<Split, Output>> = {};
  let spool: FileHandle | undefined;
  try {
    outputs.train = await output(directory, exportFileName(request.format, "train"));
    if (split) outputs.validation = await output(directory, exportFileName(request.format, "validation"));
    spool = await open(path.join(directory, CONVERSATIONS_SPOOL), "wx");
    let pending = "";
    let result: { summary: ExportSummary; progress: ExportProgress } | undefined;
    const run = {
      secret: options.secret,
      signal: options.signal,
      onConversation: (conversationId: string, where: Split) => {
        pending += `${conversationId}\t${where}\n`;
      },
    };
    for await (const chunk of exportLines(request.filters, exporterOptions(request), run)) {
      options.signal?.throwIfAborted();
      if (chunk.kind === "summary") {
        result = { summary: chunk.summary, progress: chunk.progress };
        continue;
      }
      const bytes = encodeLines(chunk.lines);
      await write(outputs.train, bytes.train);
      // Without a split every line is training data (the exporter never assigns "validation").
      if (outputs.validation) await write(outputs.validation, bytes.validation);
      await spool.write(pending);
      pending = "";
      options.onProgress?.(chunk.progress);
    }
    options.signal?.throwIfAborted();
    await spool.write(pending);
    if (!result) throw new Error("The export ended without its summary.");
    const files: DatasetFileEntry[] = [];
    for (const where of ["train", "validation"] as const) {
      const out = outputs[where];
      if (!out) continue;
      await out.handle.sync();
      files.push({
        name: out.name,
        split: where,
        bytes: out.bytes,
        sha256: out.hash.digest("hex"),
        rows: result.progress.lines[where],
      });
    }
    const summaryBytes = Buffer.from(summaryDocument(request, result.summary, result.progress), "utf8");
    const summaryOut = await output(directory, summaryName(request.format));
    try {
      await write(summaryOut, summaryBytes);
      await summaryOut.handle.sync();
    } finally {
      await summaryOut.handle.close();
    }
    files.push({
      name: summaryOut.name,
      split: "summary",
      bytes: summaryOut.bytes,
      sha256: summaryOut.hash.digest("hex"),
      rows: 0,
    });
    return { files, summary: result.summary, progress: result.progress };
  } finally {
    for (const out of Object.values(outputs)) await out?.handle.close().catch(() => {});
    await spool?.close().catch(() => {});
  }
}

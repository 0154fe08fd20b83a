import "server-only";
// Downloads of Admin → Datasets: one file as it is on disk, or the whole set as a ZIP with a README
// (readme.ts). Streamed from disk, never read whole. Admins only; anyone else gets "not found".
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { z } from "zod";
import { requireAdmin, type Actor } from "../auth/actor";
import { db } from "../db/client";
import { notFound } from "../errors/app-error";
import { ZipWriter } from "../export/lines/zip";
import type { FormatId } from "../export/types";
import { datasetFiles, parseDatasetRef } from "./dataset-files";
import { datasetReadme } from "./readme";
import { datasetFilePath, type DatasetFileEntry } from "./storage";

export type DatasetDownload = {
  fileName: string;
  contentType: string;
  /** Known for a single file; a ZIP's length is known only at its end. */
  bytes: number | null;
  body: ReadableStream<Uint8Array>;
};

const downloadInput = z.object({
  datasetId: z.uuid("Datasets are given by their id."),
  /** A file name of the dataset; absent: the whole set as a ZIP. */
  file: z.string().max(200).optional(),
});

const READ_BYTES = 1 << 20;

export async function openDatasetDownload(actor: Actor, raw: unknown): Promise<DatasetDownload> {
  await requireAdmin(actor);
  const { datasetId, file } = parseDatasetRef(downloadInput, raw);
  const row = await db().dataset.findUnique({ where: { id: datasetId } });
  if (!row) throw notFound("Dataset not found.");
  const files = datasetFiles(row.files);
  if (file !== undefined) {
    // Only a name the dataset records: never a path from the request.
    const entry = files.find((candidate) => candidate.name === file);
    if (!entry) throw notFound("File not found.");
    const filePath = datasetFilePath(row.id, entry.name);
    const { size } = await stat(filePath).catch(() => {
      throw notFound("File not found.");
    });
    return {
      fileName: entry.name,
      contentType:
        entry.split === "summary" ? "application/json; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      bytes: size,
      body: Readable.toWeb(
        createReadStream(filePath, { highWaterMark: READ_BYTES }),
      ) as ReadableStream<Uint8Array>,
    };
  }
  const readme = datasetReadme({
    name: row.name,
    format: row.format as FormatId,
    sha256: row.sha256,
    createdAt: row.createdAt,
    files,
    ktoWeights: await ktoWeights(row.id, files),
  });
  return {
    fileName: `${archiveStem(row.name, row.format)}.zip`,
    contentType: "application/zip",
    bytes: null,
    body: Readable.toWeb(Readable.from(archive(row.id, files, readme))) as ReadableStream<Uint8Array>,
  };
}

/** A file name from the dataset's name: letters, digits, dots, dashes; the format when nothing is left. */
function archiveStem(name: string, format: string): string {
  const stem = name
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 80);
  return stem === "" ? format : stem;
}

/** The KTO weights the export summary suggested, read back from the summary file. */
async function ktoWeights(datasetId: string, files: DatasetFileEntry[]) {
  const summary = files.find((entry) => entry.split === "summary");
  if (!summary) return null;
  try {
    const document = JSON.parse(await readFile(datasetFilePath(datasetId, summary.name), "utf8")) as {
      kto?: { suggestedWeights?: { desirable_weight: number; undesirable_weight: number } | null } | null;
    };
    return document.kto?.suggestedWeights ?? null;
  } catch {
    return null;
  }
}

async function* archive(
  datasetId: string,
  files: DatasetFileEntry[],
  readme: string,
): AsyncGenerator<Uint8Array> {
  const zip = new ZipWriter();
  yield zip.begin("README.md");
  yield zip.data(Buffer.from(readme, "utf8"));
  yield zip.end();
  for (const entry of files) {
    yield zip.begin(entry.name);
    for await (const chunk of createReadStream(datasetFilePath(datasetId, entry.name), {
      highWaterMark: READ_BYTES,
    })) {
      yield zip.data(chunk as Buffer);
    }
    yield zip.end();
  }
  yield zip.finish();
}

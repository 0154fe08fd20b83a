import "server-only";
// The export's entry points for the app: the admin page's preview and the download route. Both run
// the one line generator (export-lines.ts) the CLI runs too.
import { randomUUID } from "node:crypto";
import { requireAdmin, type Actor } from "../../auth/actor";
import { db } from "../../db/client";
import { authSecret } from "../../env";
import { parseInput } from "../../errors/parse-input";
import type { ExportLine } from "../lines/exporter";
import type { ExportSummary } from "../lines/summary";
import { exportInput, type ExportRequest } from "../export-input";
import { exportLines, exporterOptions, type ExportChunk, type ExportProgress } from "./export-lines";
import { exportBody, downloadName } from "./download-body";
import { matchingEvidence, type MatchingEvidence } from "../source/matching-evidence";
import { recordExportAudit } from "./record-export-audit";

export const PREVIEW_CONVERSATIONS = 200;
export const PREVIEW_LINES = 5;

export type ExportPreview = {
  request: ExportRequest;
  /** Ratings and comparisons that pass the consent rule and the filters, in the whole database. */
  matching: MatchingEvidence;
  /** Counts over the conversations read (all of them when `complete`). */
  summary: ExportSummary;
  progress: ExportProgress;
  complete: boolean;
  firstLines: ExportLine[];
};

/**
 * What an export would contain, for the admin page: the counts of a pass over the first
 * PREVIEW_CONVERSATIONS matching conversations (exact when that is all of them), and its first lines.
 * A full pass at a million ratings takes minutes (see docs/benchmarks.md), too long for a page.
 */
export async function previewExport(actor: Actor, raw: unknown): Promise<ExportPreview> {
  await requireAdmin(actor);
  const request = parseInput(exportInput, raw);
  const countsPromise = matchingEvidence(request.filters);
  // Counted while the pass runs; a failure is reported once, below.
  countsPromise.catch(() => {});
  const firstLines: ExportLine[] = [];
  let result: Extract<ExportChunk, { kind: "summary" }> | undefined;
  for await (const chunk of exportLines(request.filters, exporterOptions(request), {
    maxConversations: PREVIEW_CONVERSATIONS,
  })) {
    if (chunk.kind === "summary") result = chunk;
    else firstLines.push(...chunk.lines.slice(0, PREVIEW_LINES - firstLines.length));
  }
  return {
    request,
    matching: await countsPromise,
    summary: result!.summary,
    progress: result!.progress,
    complete: result!.complete,
    firstLines,
  };
}

export type ExportDownload = { fileName: string; contentType: string; body: ReadableStream<Uint8Array> };

/**
 * The download route's export: admins only (anyone else gets "not found"), validated, and written to
 * the audit log twice under one export id — when it starts (who, format, filters, options) and when
 * it ends (completed, cancelled or failed, with the row counts so far). Row counts are known only at
 * the end, and an export that never ends (a crash) is still on record.
 */
export async function openExport(
  actor: Actor,
  raw: unknown,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ExportDownload> {
  const admin = await requireAdmin(actor);
  const request = parseInput(exportInput, raw);
  const exportId = randomUUID();
  const secret = authSecret();
  await recordExportAudit(db(), admin, exportId, request, { status: "started" });
  const body = exportBody(request, {
    signal,
    secret,
    onEnd: (status, progress) => recordExportAudit(db(), admin, exportId, request, { status, progress }),
  });
  const zip = request.options.split !== null;
  return {
    fileName: downloadName(request.format, zip),
    contentType: zip ? "application/zip" : "application/x-ndjson; charset=utf-8",
    body,
  };
}

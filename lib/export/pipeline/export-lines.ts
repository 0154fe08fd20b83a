import "server-only";
// The export as a stream of lines: database batches (source/conversation-batches.ts) → the pure core
// (lines/exporter.ts: items, redaction, rows, validation, dedupe, limit, split) → lines, then the summary.
// The admin page's preview, the download route and the CLI all run this one generator, so they write the same
// bytes for the same data and options.
import { authSecret } from "../../env";
import { createExporter, type ExportLine, type ExportOptions } from "../lines/exporter";
import type { Split } from "../lines/split";
import type { ExportSummary } from "../lines/summary";
import { conversationBatches, DEFAULT_BATCH_SIZE } from "../source/conversation-batches";
import type { ExportFilters, ExportRequest } from "../export-input";

export type ExportProgress = {
  /** Usable conversations looked at, and of those the ones with evidence matching the filters. */
  scanned: number;
  conversations: number;
  lines: { train: number; validation: number };
};

export type ExportChunk =
  | { kind: "lines"; lines: ExportLine[]; progress: ExportProgress }
  | {
      kind: "summary";
      summary: ExportSummary;
      progress: ExportProgress;
      /** False when the pass stopped at `maxConversations` (the preview) before the end. */
      complete: boolean;
    };

export type RunOptions = {
  /** Aborting stops reading from the database (a cancelled download). */
  signal?: AbortSignal;
  /** Stop after this many conversations with evidence (the preview). */
  maxConversations?: number;
  batchSize?: number;
  /** The secret of the pseudonymous user ids; AUTH_SECRET by default. */
  secret?: string;
  /**
   * Told of every conversation that wrote at least one line, and of its split (all of a
   * conversation's lines share one): a saved dataset records which conversations it holds.
   */
  onConversation?: (conversationId: string, split: Split) => void;
};

/** Lines are handed on in chunks of about this many characters: one batch's lines are never all held. */
const CHUNK_CHARS = 1 << 20;

/** The core's options for a request. */
export function exporterOptions(request: ExportRequest): ExportOptions {
  const { split } = request.options;
  return {
    format: request.format,
    redact: request.options.redact,
    dedupe: request.options.dedupe,
    split: split ? { seed: split.seed, validationRatio: split.validationRatio } : null,
    maxRows: request.options.maxRows,
  };
}

/**
 * Every line of the export in order, in chunks of about a megabyte, then the summary. Memory stays
 * flat: a chunk, the batch being written and the batch being read; only the exporter's seen-line
 * fingerprints (dedupe, ~40 bytes a line) grow with the export.
 */
export async function* exportLines(
  filters: ExportFilters,
  options: ExportOptions,
  run: RunOptions = {},
): AsyncGenerator<ExportChunk, void, undefined> {
  const exporter = createExporter(options);
  const progress: ExportProgress = { scanned: 0, conversations: 0, lines: { train: 0, validation: 0 } };
  const limit = run.maxConversations ?? Infinity;
  let complete = true;
  const batches = conversationBatches(filters, {
    production: options.format === "raw",
    secret: run.secret ?? authSecret(),
    signal: run.signal,
    batchSize: Math.min(run.batchSize ?? DEFAULT_BATCH_SIZE, limit),
  });
  let lines: ExportLine[] = [];
  let size = 0;
  for await (const batch of batches) {
    progress.scanned += batch.scanned;
    for (const snapshot of batch.snapshots) {
      if (exporter.full || progress.conversations >= limit) break;
      progress.conversations += 1;
      const written = exporter.pushConversation(snapshot);
      for (const line of written) {
        progress.lines[line.split] += 1;
        lines.push(line);
        size += line.line.length;
      }
      if (written.length > 0) run.onConversation?.(snapshot.conversationId, written[0]!.split);
      if (size >= CHUNK_CHARS) {
        yield { kind: "lines", lines, progress: { ...progress, lines: { ...progress.lines } } };
        lines = [];
        size = 0;
      }
    }
    // Leaving the loop ends the source, which then issues no further statement.
    if (exporter.full) break;
    if (progress.conversations >= limit) {
      complete = false;
      break;
    }
  }
  if (lines.length > 0) {
    yield { kind: "lines", lines, progress: { ...progress, lines: { ...progress.lines } } };
  }
  yield {
    kind: "summary",
    summary: exporter.summary(),
    progress: { ...progress, lines: { ...progress.lines } },
    complete,
  };
}

/**
 * The summary file that accompanies an export: the core's summary, then what was asked. No clock and
 * no secret in it, so the same export gives the same file.
 */
export function summaryDocument(
  request: ExportRequest,
  summary: ExportSummary,
  progress: ExportProgress,
): string {
  const document = {
    ...summary,
    conversations: progress.conversations,
    filters: request.filters,
    options: request.options,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

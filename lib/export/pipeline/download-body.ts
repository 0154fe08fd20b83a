import "server-only";
// The bytes of a download: the lines as one JSON Lines file, or — with a train/validation split — a
// ZIP holding the training file, the validation file and the summary. Pulled by the response: the
// database is read only as fast as the client takes the bytes, and a cancelled download (the stream's
// cancel, or the request's signal) aborts the export, which then issues no further statement.
//
// A ZIP entry must be contiguous while lines of both files arrive interleaved (the split is by
// conversation), so the validation lines wait in a temporary file until the training entry is done.
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodeLines } from "../lines/encode-lines";
import { exportFileName } from "../formats";
import { exportLines, exporterOptions, summaryDocument, type ExportProgress } from "./export-lines";
import type { ExportStatus } from "./record-export-audit";
import type { ExportRequest } from "../export-input";
import type { FormatId } from "../types";
import { ZipWriter } from "../lines/zip";

/** `<format>.jsonl`, or `<format>.zip` when split into training and validation files. */
export function downloadName(format: FormatId, zip: boolean): string {
  return zip ? `${format}.zip` : `${format}.jsonl`;
}

export function summaryName(format: FormatId): string {
  return `${format}.summary.json`;
}

type BodyOptions = {
  signal?: AbortSignal;
  secret: string;
  /** Called once when the export ends, however it ends, with the counts so far. */
  onEnd?: (status: Exclude<ExportStatus, "started">, progress: ExportProgress) => Promise<void>;
};

type Run = { signal: AbortSignal; secret: string; progress: ExportProgress };

/** Bytes read back from the spooled validation file at a time. */
const READ_BYTES = 1 << 20;

/** Each chunk of lines as the bytes of the training and of the validation file; then the summary. */
async function* pieces(request: ExportRequest, run: Run) {
  for await (const chunk of exportLines(request.filters, exporterOptions(request), run)) {
    run.progress = chunk.progress;
    if (chunk.kind === "summary") {
      yield { summary: summaryDocument(request, chunk.summary, chunk.progress) };
      continue;
    }
    yield encodeLines(chunk.lines);
  }
}

async function* jsonLines(request: ExportRequest, run: Run): AsyncGenerator<Uint8Array> {
  for await (const piece of pieces(request, run)) {
    if ("summary" in piece) continue;
    // Without a split every line is training data.
    yield piece.train;
  }
}

async function* zipFiles(request: ExportRequest, run: Run): AsyncGenerator<Uint8Array> {
  const zip = new ZipWriter();
  const directory = await mkdtemp(path.join(tmpdir(), "flywheel-export-"));
  let spool: FileHandle | undefined;
  try {
    spool = await open(path.join(directory, "validation.jsonl"), "w+");
    let spooled = 0;
    let summary = "";
    yield zip.begin(exportFileName(request.format, "train"));
    for await (const piece of pieces(request, run)) {
      if ("summary" in piece) {
        summary = piece.summary;
        continue;
      }
      if (piece.train.length > 0) yield zip.data(piece.train);
      if (piece.validation.length > 0) {
        await spool.write(piece.validation, 0, piece.validation.length, spooled);
        spooled += piece.validation.length;
      }
    }
    yield zip.end();
    yield zip.begin(exportFileName(request.format, "validation"));
    for (let position = 0; position < spooled; position += READ_BYTES) {
      run.signal.throwIfAborted();
      const buffer = Buffer.alloc(Math.min(READ_BYTES, spooled - position));
      const { bytesRead } = await spool.read(buffer, 0, buffer.length, position);
      yield zip.data(buffer.subarray(0, bytesRead));
    }
    yield zip.end();
    yield zip.begin(summaryName(request.format));
    yield zip.data(Buffer.from(summary, "utf8"));
    yield zip.end();
    yield zip.finish();
  } finally {
    await spool?.close().catch(() => {});
    await rm(directory, { recursive: true, force: true }).catch(() => {});
  }
}

/** The response body of an export. */
export function exportBody(request: ExportRequest, options: BodyOptions): ReadableStream<Uint8Array> {
  const abort = new AbortController();
  const stop = () => abort.abort(options.signal?.reason);
  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener("abort", stop, { once: true });
  const run: Run = {
    signal: abort.signal,
    secret: options.secret,
    progress: { scanned: 0, conversations: 0, lines: { train: 0, validation: 0 } },
  };

  let reported = false;
  const report = async (status: Exclude<ExportStatus, "started">) => {
    if (reported) return;
    reported = true;
    options.signal?.removeEventListener("abort", stop);
    await options.onEnd?.(status, run.progress).catch((error: unknown) => {
      console.error("Could not record the end of an export in the audit log:", error);
    });
  };

  async function* tracked(): AsyncGenerator<Uint8Array> {
    let status: Exclude<ExportStatus, "started"> = "cancelled";
    try {
      yield* request.options.split ? zipFiles(request, run) : jsonLines(request, run);
      status = "completed";
    } catch (error) {
      if (!abort.signal.aborted) {
        status = "failed";
        console.error("The export failed:", error);
      }
      throw error;
    } finally {
      await report(status);
    }
  }

  const chunks = tracked();
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (cancelled) return;
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        if (!cancelled) controller.error(error);
      }
    },
    async cancel(reason) {
      cancelled = true;
      // Abort first: a batch being read stops before its next statement, then the generator ends.
      abort.abort(reason);
      await chunks.return(undefined);
      // Cancelled before the export started: the generator's own `finally` never ran.
      await report("cancelled");
    },
  });
}

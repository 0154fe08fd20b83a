// npm run export -- --format trl-kto --since 2026-01-01 --reviewed-only --redact-pii --split 0.9 --out ./exports/
//
// The training-data export of the admin page's Export, from the command line: the same pipeline
// (lib/export/pipeline/export-lines.ts), so the same data and options give the same bytes. Writes
// <out>/<format>.jsonl (or <format>.train.jsonl and <format>.validation.jsonl with --split) and
// <out>/<format>.summary.json, with a progress line on stderr. Each run is in the audit log (actor
// "cli"). Configuration as `npm start` reads it: .env, then DATABASE_URL, else the embedded database
// under $FLYWHEEL_DATA_DIR (default .data); AUTH_SECRET, else the one `npm start` generated there —
// the pseudonymous user ids must be the app's.
// Run with the react-server condition (package.json does) so that lib's `import "server-only"` is the
// empty module, as inside Next.js.
//
// The export runs in a worker thread of this process whose V8 heap is capped (`--max-heap`, default
// 128 MiB): the export's live data is small (two batches of conversations, ~40 MiB), but V8 lets an
// uncapped heap fill with garbage up to several times that before it collects, and the process's
// peak memory is mostly that garbage. The main thread only starts the worker, forwards Ctrl-C and
// hands on its exit code.
import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { EmbeddedPostgres } from "../lib/db/embedded";
import { loadDotEnv } from "./lib/load-dotenv";

/** Measured on the feedback seed (docs/benchmarks.md, "Export"): 10–20% slower than no cap, ~150 MiB less. */
const DEFAULT_HEAP_MIB = 128;

const USAGE = `Usage: npm run export -- --format <format> [options]

  --format <id>         openai-sft, openai-dpo, trl-sft, trl-preference, trl-kto, sharegpt or raw
  --since / --until     YYYY-MM-DD, UTC days, both included (on the rating's creation time)
  --model <id>          only ratings of this model (repeatable)
  --rating up|down      only good or bad ratings
  --reason <key>        only ratings with this reason (repeatable, any of them)
  --reviewed-only       only ratings an admin marked reviewed (excluded ones never go out)
  --user <id>           only this user's conversations (repeatable)
  --source <source>     only conversations from chat, api or playground (repeatable; default all)
  --redact-pii          replace emails, phone numbers, card numbers, keys… with placeholders
  --no-dedupe           keep identical lines (deduplication is on by default)
  --split <share>       training share, e.g. 0.9: writes .train.jsonl and .validation.jsonl
  --seed <text>         seed of the split (default "flywheel")
  --max-rows <n>        stop after n lines
  --out <dir>           output directory (default ./exports/)
  --max-heap <MiB>      heap of the export's thread (default ${DEFAULT_HEAP_MIB}); raise it only if an export
                        stops with "out of memory" (very long conversations)
`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** A mistake in the command line, found once the database is open: reported after it is closed. */
class UsageError extends Error {}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        format: { type: "string" },
        since: { type: "string" },
        until: { type: "string" },
        model: { type: "string", multiple: true },
        rating: { type: "string" },
        reason: { type: "string", multiple: true },
        "reviewed-only": { type: "boolean" },
        user: { type: "string", multiple: true },
        source: { type: "string", multiple: true },
        "redact-pii": { type: "boolean" },
        "no-dedupe": { type: "boolean" },
        split: { type: "string" },
        seed: { type: "string" },
        "max-rows": { type: "string" },
        out: { type: "string" },
        "max-heap": { type: "string" },
        // For the benchmark: the batch size, lines written to /dev/null, figures as JSON on stdout.
        "batch-size": { type: "string" },
        discard: { type: "boolean" },
        stats: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`, 2);
  }
})();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const raw = {
  format: values.format,
  since: values.since,
  until: values.until,
  model: values.model,
  rating: values.rating,
  reason: values.reason,
  reviewedOnly: values["reviewed-only"] ? "1" : undefined,
  user: values.user,
  source: values.source,
  redact: values["redact-pii"] ? "1" : undefined,
  dedupe: values["no-dedupe"] ? "0" : "1",
  split: values.split,
  seed: values.seed,
  maxRows: values["max-rows"],
};
const outDir = path.resolve(values.out ?? "./exports/");
const batchSize = values["batch-size"] === undefined ? undefined : Number(values["batch-size"]);

const heapMiB = Number(values["max-heap"] ?? DEFAULT_HEAP_MIB);
if (!Number.isInteger(heapMiB) || heapMiB < 32)
  fail(`--max-heap must be a whole number of MiB, at least 32.`, 2);
/** The worker's stderr is a pipe to this thread: the main thread says whether it is a terminal. */
const interactive = isMainThread ? process.stderr.isTTY === true : (workerData as { tty: boolean }).tty;

/** The database and secret the app would use; the embedded database is opened here when it is the one. */
async function configure(): Promise<EmbeddedPostgres | undefined> {
  const { EnvError, parseEnv } = await import("../lib/env-schema");
  const { startEmbeddedPostgres } = await import("../lib/db/embedded");
  loadDotEnv();
  let env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    fail(error instanceof EnvError ? error.message : String(error));
  }
  const dataDir = path.resolve(env.FLYWHEEL_DATA_DIR);
  if (!env.AUTH_SECRET) {
    // The secret `npm start` generated (scripts/start.ts): pseudonymous ids must match the app's.
    const file = path.join(dataDir, "auth-secret");
    if (!existsSync(file)) {
      fail(
        `AUTH_SECRET is not set and ${file} does not exist. Set AUTH_SECRET to the app's secret: ` +
          `the pseudonymous user ids in an export are derived from it.`,
      );
    }
    process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
  }
  if (env.DATABASE_URL) return undefined;
  const dbDir = path.join(dataDir, "pglite");
  if (!existsSync(dbDir)) fail(`No DATABASE_URL and no embedded database in ${dbDir}: nothing to export.`);
  const embedded = await startEmbeddedPostgres({ dataDir: dbDir });
  // The embedded server takes one connection at a time.
  Object.assign(process.env, { DATABASE_URL: embedded.url, DATABASE_POOL_SIZE: "1" });
  return embedded;
}

async function write(stream: WriteStream, data: Buffer): Promise<void> {
  if (data.length > 0 && !stream.write(data)) await once(stream, "drain");
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

async function main(): Promise<number> {
  const embedded = await configure();
  // lib/env.ts reads process.env on first use: lib is imported once the settings are in place.
  const { AppError } = await import("../lib/errors/app-error");
  const { parseInput } = await import("../lib/errors/parse-input");
  const { exportInput } = await import("../lib/export/export-input");
  const { exportLines, exporterOptions, summaryDocument } =
    await import("../lib/export/pipeline/export-lines");
  const { recordCliExportAudit } = await import("../lib/export/pipeline/record-cli-export-audit");
  const { downloadName, summaryName } = await import("../lib/export/pipeline/download-body");
  const { exportFileName } = await import("../lib/export/formats");
  const { encodeLines } = await import("../lib/export/lines/encode-lines");
  // `pg` alone: nothing on the CLI's path loads the Prisma client (~110 MiB of the process's memory).
  const { pool } = await import("../lib/db/pool");

  const abort = new AbortController();
  // Signals reach the main thread only; it passes them on as a message.
  parentPort?.once("message", () => abort.abort(new Error("Interrupted")));
  try {
    let request;
    try {
      request = parseInput(exportInput, raw);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const fields = Object.entries(error.fieldErrors ?? {}).map(([key, message]) => `  ${key}: ${message}`);
      throw new UsageError(`${error.message}\n${fields.join("\n")}\n\n${USAGE}`);
    }
    const { format } = request;
    if (!values.discard) mkdirSync(outDir, { recursive: true });
    const split = request.options.split !== null;
    const files = {
      train: path.join(outDir, split ? exportFileName(format, "train") : downloadName(format, false)),
      validation: path.join(outDir, exportFileName(format, "validation")),
    };
    const sink = (file: string) => createWriteStream(values.discard ? "/dev/null" : file);
    const streams = { train: sink(files.train), validation: split ? sink(files.validation) : null };
    const exportId = randomUUID();
    await recordCliExportAudit(exportId, request, { status: "started" });

    const started = performance.now();
    let progress = { scanned: 0, conversations: 0, lines: { train: 0, validation: 0 } };
    const rate = () => {
      const seconds = (performance.now() - started) / 1000;
      const lines = progress.lines.train + progress.lines.validation;
      return { seconds, lines, perSecond: seconds > 0 ? lines / seconds : 0 };
    };
    const show = (final = false) => {
      const { seconds, lines, perSecond } = rate();
      const text =
        `${progress.conversations.toLocaleString("en")} conversations, ${lines.toLocaleString("en")} lines, ` +
        `${Math.round(perSecond).toLocaleString("en")} lines/s, ${seconds.toFixed(1)} s`;
      if (interactive) process.stderr.write(`\r${text}\x1b[K${final ? "\n" : ""}`);
      else process.stderr.write(`${text}\n`);
    };
    const ticker = setInterval(show, interactive ? 500 : 5000);

    let status: "completed" | "cancelled" | "failed" = "failed";
    let bytes = 0;
    let summaryText = "";
    let warnings: string[] = [];
    try {
      for await (const chunk of exportLines(request.filters, exporterOptions(request), {
        signal: abort.signal,
        batchSize,
      })) {
        progress = chunk.progress;
        if (chunk.kind === "summary") {
          summaryText = summaryDocument(request, chunk.summary, chunk.progress);
          warnings = chunk.summary.warnings;
          continue;
        }
        // Encoded once, here: the stream would encode the text itself, and counting its bytes apart
        // (--stats) would walk it a second time.
        const { train, validation } = encodeLines(chunk.lines);
        bytes += train.length + validation.length;
        await write(streams.train, train);
        if (streams.validation) await write(streams.validation, validation);
      }
      status = "completed";
    } catch (error) {
      status = abort.signal.aborted ? "cancelled" : "failed";
      if (!abort.signal.aborted) throw error;
    } finally {
      clearInterval(ticker);
      show(true);
      await close(streams.train);
      if (streams.validation) await close(streams.validation);
      await recordCliExportAudit(exportId, request, { status, progress });
    }
    if (status === "cancelled") {
      process.stderr.write("Interrupted: the files hold the lines written so far; no summary was written.\n");
      return 130;
    }
    const summaryFile = path.join(outDir, summaryName(format));
    await writeFile(values.discard ? "/dev/null" : summaryFile, summaryText);
    const written = split ? [files.train, files.validation, summaryFile] : [files.train, summaryFile];
    if (!values.discard) {
      process.stderr.write(`Wrote ${written.map((file) => path.relative(process.cwd(), file)).join(", ")}\n`);
    }
    for (const warning of warnings) process.stderr.write(`Note: ${warning}\n`);
    if (values.stats) {
      const { seconds, lines } = rate();
      process.stdout.write(
        `${JSON.stringify({ format, seconds, lines, bytes, conversations: progress.conversations, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
      );
    }
    return 0;
  } finally {
    await pool().end();
    await embedded?.close();
  }
}

/** Runs this file again as a worker thread with a capped heap, and exits with the worker's code. */
function launch(): void {
  // A worker does not inherit the TypeScript loader this file runs under (tsx): it registers it
  // itself before importing this file again.
  const self = import.meta.url;
  const entry = self.endsWith(".ts")
    ? `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(self)}); });`
    : `import(${JSON.stringify(self)});`;
  const worker = new Worker(entry, {
    eval: true,
    argv: process.argv.slice(2),
    workerData: { tty: process.stderr.isTTY === true },
    resourceLimits: { maxOldGenerationSizeMb: heapMiB },
  });
  const interrupt = () => worker.postMessage("interrupt");
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  worker.on("error", (error: Error & { code?: string }) => {
    if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
      fail(`The export ran out of memory (--max-heap ${heapMiB}): run it again with a larger --max-heap.`);
    }
    fail(error.message);
  });
  worker.on("exit", (code) => process.exit(code));
}

if (isMainThread) launch();
else {
  main().then(
    (code) => process.exit(code),
    (error: unknown) =>
      fail(error instanceof Error ? error.message : String(error), error instanceof UsageError ? 2 : 1),
  );
}

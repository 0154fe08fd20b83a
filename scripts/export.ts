// npm run export -- --format trl-kto --since 2026-01-01 --reviewed-only --redact-pii --split 0.9 --out ./exports/
//
// The training-data export of the admin page's Export, from the command line: the same pipeline
// (lib/export/pipeline-lines.ts), so the same data and options give the same bytes. Writes
// <out>/<format>.jsonl (or <format>.train.jsonl and <format>.validation.jsonl with --split) and
// <out>/<format>.summary.json, with a progress line on stderr. Each run is in the audit log (actor
// "cli"). Configuration as `npm start` reads it: .env, then DATABASE_URL, else the embedded database
// under $FLYWHEEL_DATA_DIR (default .data); AUTH_SECRET, else the one `npm start` generated there —
// the pseudonymous user ids must be the app's.
// Run with the react-server condition (package.json does) so that lib's `import "server-only"` is the
// empty module, as inside Next.js.
import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { parseArgs } from "node:util";
import { EnvError, parseEnv } from "../lib/env-schema";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded";
import { loadDotEnv } from "./lib/load-dotenv";

const USAGE = `Usage: npm run export -- --format <format> [options]

  --format <id>         openai-sft, openai-dpo, trl-sft, trl-preference, trl-kto, sharegpt or raw
  --since / --until     YYYY-MM-DD, UTC days, both included (on the rating's creation time)
  --model <id>          only ratings of this model (repeatable)
  --rating up|down      only good or bad ratings
  --reason <key>        only ratings with this reason (repeatable, any of them)
  --reviewed-only       only ratings an admin marked reviewed (excluded ones never go out)
  --user <id>           only this user's conversations (repeatable)
  --redact-pii          replace emails, phone numbers, card numbers, keys… with placeholders
  --no-dedupe           keep identical lines (deduplication is on by default)
  --split <share>       training share, e.g. 0.9: writes .train.jsonl and .validation.jsonl
  --seed <text>         seed of the split (default "flywheel")
  --max-rows <n>        stop after n lines
  --out <dir>           output directory (default ./exports/)
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
        "redact-pii": { type: "boolean" },
        "no-dedupe": { type: "boolean" },
        split: { type: "string" },
        seed: { type: "string" },
        "max-rows": { type: "string" },
        out: { type: "string" },
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
  redact: values["redact-pii"] ? "1" : undefined,
  dedupe: values["no-dedupe"] ? "0" : "1",
  split: values.split,
  seed: values.seed,
  maxRows: values["max-rows"],
};
const outDir = path.resolve(values.out ?? "./exports/");
const batchSize = values["batch-size"] === undefined ? undefined : Number(values["batch-size"]);

/** The database and secret the app would use; the embedded database is opened here when it is the one. */
async function configure(): Promise<EmbeddedPostgres | undefined> {
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

async function write(stream: WriteStream, text: string): Promise<void> {
  if (text !== "" && !stream.write(text)) await once(stream, "drain");
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
  const { exportInput } = await import("../lib/export/source-input");
  const { exportLines, exporterOptions, summaryDocument } = await import("../lib/export/pipeline-lines");
  const { recordExportAudit, CLI_ACTOR } = await import("../lib/export/pipeline-audit");
  const { downloadName, summaryName } = await import("../lib/export/pipeline-body");
  const { exportFileName } = await import("../lib/export/formats");
  const { db } = await import("../lib/db/client");

  const abort = new AbortController();
  const interrupt = () => abort.abort(new Error("Interrupted"));
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
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
    await recordExportAudit(db(), CLI_ACTOR, exportId, request, { status: "started" });

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
      if (process.stderr.isTTY) process.stderr.write(`\r${text}\x1b[K${final ? "\n" : ""}`);
      else process.stderr.write(`${text}\n`);
    };
    const ticker = setInterval(show, process.stderr.isTTY ? 500 : 5000);

    let status: "completed" | "cancelled" | "failed" = "failed";
    let bytes = 0;
    let summaryText = "";
    try {
      for await (const chunk of exportLines(request.filters, exporterOptions(request), {
        signal: abort.signal,
        batchSize,
      })) {
        progress = chunk.progress;
        if (chunk.kind === "summary") {
          summaryText = summaryDocument(request, chunk.summary, chunk.progress);
          continue;
        }
        const texts = { train: "", validation: "" };
        for (const { split: where, line } of chunk.lines) texts[where] += line;
        if (values.stats) bytes += Buffer.byteLength(texts.train) + Buffer.byteLength(texts.validation);
        await write(streams.train, texts.train);
        if (streams.validation) await write(streams.validation, texts.validation);
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
      await recordExportAudit(db(), CLI_ACTOR, exportId, request, { status, progress });
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
    for (const warning of JSON.parse(summaryText).warnings as string[])
      process.stderr.write(`Note: ${warning}\n`);
    if (values.stats) {
      const { seconds, lines } = rate();
      process.stdout.write(
        `${JSON.stringify({ format, seconds, lines, bytes, conversations: progress.conversations, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
      );
    }
    return 0;
  } finally {
    await db().$disconnect();
    await embedded?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) =>
    fail(error instanceof Error ? error.message : String(error), error instanceof UsageError ? 2 : 1),
);

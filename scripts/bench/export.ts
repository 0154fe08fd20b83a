// npm run bench:export — the training-data export (npm run export, the same pipeline as the admin
// page's download) on the feedback seed (1,000,000 ratings over 50,000 conversations): lines per
// second and peak RSS for raw, openai-sft and trl-kto, next to PostgreSQL's own COPY … TO STDOUT of
// the same rows in the same run, as the physical reference.
//
// Each export runs the CLI in a child process (its peak RSS is its own — all its threads — read from
// the kernel), with the lines written to /dev/null. The references are
// `psql -c "COPY (SELECT …) TO STDOUT"` into /dev/null:
//   - "rating rows": one row per usable rating (with its answer's text and production details and the
//     system prompt) and one per comparison (with both answers' texts) — the rows `raw` writes, without
//     the conversation history each raw line repeats;
//   - "rating rows with history": the same rows, each with its branch as `raw` writes it — every
//     message from the first one down to the rated answer's question (role, text, id, rated up),
//     aggregated with json_agg over the parent links (a recursive walk of the message tree): the rows
//     `raw` writes, with what they repeat;
//   - "messages read": every message of the usable conversations, the bulk of what the export reads.
//
// Flags: the seed's (--feedback, --conversations, --models, --users, --url, --reseed) plus --formats
// (comma-separated, default raw,openai-sft,trl-kto), --batch-size, --heap-cap <MiB> (raw once more
// with the CLI's --max-heap <MiB>) and --no-history (skip the slow "with history" reference).
import { spawn } from "node:child_process";
import { openSync, closeSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { seedFeedback } from "../seed/feedback-seed";
import { seedArgOptions, seedArgsFrom } from "../seed/seed-args";
import { redact } from "../seed/seed-schema";
import { fmt } from "./lib/stats";

const { values } = parseArgs({
  options: {
    ...seedArgOptions,
    formats: { type: "string" },
    "batch-size": { type: "string" },
    "heap-cap": { type: "string" },
    "no-history": { type: "boolean" },
  },
  strict: true,
});
const seedArgs = seedArgsFrom(values);
const formats = (values.formats ?? "raw,openai-sft,trl-kto").split(",").map((format) => format.trim());
const root = path.resolve(import.meta.dirname, "../..");
const secret = "bench-secret-bench-secret-bench-secret-bench";

const seed = await seedFeedback({ ...seedArgs, log: (line) => console.error(line) });

const USABLE = `NOT c."temporary" AND c."deletedAt" IS NULL AND u."trainingConsent"`;
/** The branch `t."path"` as raw's history: role, text, id and whether the owner rated it up. */
const historyOf = (owner: string) => `(
      SELECT json_agg(json_build_object('role', h."role", 'content', h."text", 'messageId', h."id",
               'ratedUp', CASE WHEN h."role" = 'assistant' THEN EXISTS (
                 SELECT 1 FROM "Feedback" r
                  WHERE r."messageId" = h."id" AND r."userId" = ${owner} AND r."rating" = 'up'
                    AND r."reviewStatus" <> 'excluded') END) ORDER BY p."n")
        FROM unnest(t."path") WITH ORDINALITY AS p("id", "n") JOIN "Message" h ON h."id" = p."id")`;
const COPIES = {
  "rating rows": `
    SELECT f."id", f."conversationId", f."messageId", f."userId", f."rating", f."reasons", f."comment",
           f."reviewStatus", f."reviewNote", f."reviewedAt", f."modelId", f."provider", f."params",
           f."createdAt", f."updatedAt", m."text", m."inputTokens", m."outputTokens", m."timeToFirstTokenMs",
           m."durationMs", m."finishReason", m."status", m."createdAt" AS "answeredAt", c."systemPrompt",
           NULL AS "otherText"
      FROM "Feedback" f
      JOIN "Conversation" c ON c."id" = f."conversationId" AND c."userId" = f."userId"
      JOIN "User" u ON u."id" = c."userId"
      JOIN "Message" m ON m."id" = f."messageId"
     WHERE ${USABLE} AND f."reviewStatus" <> 'excluded'
    UNION ALL
    SELECT k."id", k."conversationId", k."promptId", k."userId", NULL, NULL, NULL, NULL, k."source"::text,
           NULL, a."modelId", a."provider", a."params", k."createdAt", k."updatedAt", a."text", NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, c."systemPrompt", b."text"
      FROM "Comparison" k
      JOIN "Conversation" c ON c."id" = k."conversationId" AND c."userId" = k."userId"
      JOIN "User" u ON u."id" = c."userId"
      JOIN "Message" a ON a."id" = k."answerAId"
      JOIN "Message" b ON b."id" = k."answerBId"
     WHERE ${USABLE}`,
  "rating rows with history": `
    WITH RECURSIVE
    usable AS (
      SELECT c."id", c."userId", c."systemPrompt"
        FROM "Conversation" c JOIN "User" u ON u."id" = c."userId"
       WHERE ${USABLE}),
    tree AS (
      SELECT m."id", ARRAY[m."id"] AS "path"
        FROM "Message" m JOIN usable ON usable."id" = m."conversationId"
       WHERE m."parentId" IS NULL
      UNION ALL
      SELECT m."id", t."path" || m."id" FROM tree t JOIN "Message" m ON m."parentId" = t."id")
    SELECT f."id", f."conversationId", f."messageId", f."userId", f."rating", f."reasons", f."comment",
           f."reviewStatus", f."reviewNote", f."reviewedAt", f."modelId", f."provider", f."params",
           f."createdAt", f."updatedAt", m."text", m."inputTokens", m."outputTokens", m."timeToFirstTokenMs",
           m."durationMs", m."finishReason", m."status", m."createdAt" AS "answeredAt", c."systemPrompt",
           NULL AS "otherText", ${historyOf(`f."userId"`)} AS "history"
      FROM "Feedback" f
      JOIN usable c ON c."id" = f."conversationId" AND c."userId" = f."userId"
      JOIN "Message" m ON m."id" = f."messageId"
      JOIN tree t ON t."id" = m."parentId"
     WHERE f."reviewStatus" <> 'excluded'
    UNION ALL
    SELECT k."id", k."conversationId", k."promptId", k."userId", NULL, NULL, NULL, NULL, k."source"::text,
           NULL, a."modelId", a."provider", a."params", k."createdAt", k."updatedAt", a."text", NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, c."systemPrompt", b."text", ${historyOf(`k."userId"`)}
      FROM "Comparison" k
      JOIN usable c ON c."id" = k."conversationId" AND c."userId" = k."userId"
      JOIN "Message" a ON a."id" = k."answerAId"
      JOIN "Message" b ON b."id" = k."answerBId"
      JOIN tree t ON t."id" = k."promptId"`,
  "messages read": `
    SELECT m."conversationId", m."id", m."parentId", m."role", m."text", m."modelId", m."provider", m."params",
           m."inputTokens", m."outputTokens", m."timeToFirstTokenMs", m."durationMs", m."finishReason",
           m."status", m."createdAt"
      FROM "Message" m
      JOIN "Conversation" c ON c."id" = m."conversationId"
      JOIN "User" u ON u."id" = c."userId"
     WHERE ${USABLE}`,
};

type Result = {
  name: string;
  rows: number;
  bytes: number;
  seconds: number;
  rssMiB: number | null;
  note: string;
};

function child(command: string, args: string[], env: NodeJS.ProcessEnv, stdout: "pipe" | "count" | number) {
  return new Promise<{ out: string; bytes: number; lines: number; seconds: number }>((resolve, reject) => {
    const started = performance.now();
    const io = stdout === "count" ? "pipe" : stdout;
    const process_ = spawn(command, args, { cwd: root, env, stdio: ["ignore", io, "inherit"] });
    let out = "";
    let bytes = 0;
    let lines = 0;
    process_.stdout?.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (stdout === "pipe") out += chunk.toString("utf8");
      // COPY's text format ends every row with a newline and escapes those inside values.
      else for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
    });
    process_.on("error", reject);
    process_.on("exit", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ out, bytes, lines, seconds });
      else reject(new Error(`${command} exited with ${code}`));
    });
  });
}

async function copy(name: keyof typeof COPIES): Promise<Result> {
  const sql = COPIES[name].replace(/\s+/g, " ").trim();
  if (name === "rating rows with history") {
    // Minutes of PostgreSQL's time at a few dozen MB/s: counting its output costs this process (on
    // the other core) next to nothing, so it is run once, counted as it is timed.
    const run = await child(
      "psql",
      ["-X", "-q", "-d", seedArgs.url, "-c", `COPY (${sql}) TO STDOUT`],
      process.env,
      "count",
    );
    return {
      name: `COPY — ${name}`,
      rows: run.lines,
      bytes: run.bytes,
      seconds: run.seconds,
      rssMiB: null,
      note: "one run, counted as it runs",
    };
  }
  // Its rows and size, in a run of its own: counting them would slow the timed run.
  const { bytes, lines } = await child(
    "psql",
    ["-X", "-q", "-d", seedArgs.url, "-c", `COPY (${sql}) TO STDOUT`],
    process.env,
    "count",
  );
  const devNull = openSync("/dev/null", "w");
  try {
    const run = await child(
      "psql",
      ["-X", "-q", "-d", seedArgs.url, "-c", `COPY (${sql}) TO STDOUT`],
      process.env,
      devNull,
    );
    return {
      name: `COPY — ${name}`,
      rows: lines,
      bytes,
      seconds: run.seconds,
      rssMiB: null,
      note: "",
    };
  } finally {
    closeSync(devNull);
  }
}

async function exportFormat(format: string, heapCapMiB?: number): Promise<Result> {
  // As `npm run export` runs it (bundled by scripts/run-export.mjs, the react-server condition).
  const args = ["--conditions=react-server", "scripts/run-export.mjs", "--format", format];
  args.push("--discard", "--stats");
  if (heapCapMiB !== undefined) args.push("--max-heap", String(heapCapMiB));
  if (values["batch-size"]) args.push("--batch-size", values["batch-size"]);
  const env = {
    ...process.env,
    DATABASE_URL: seedArgs.url,
    AUTH_SECRET: secret,
    NODE_ENV: "production" as const,
  };
  const { out, seconds } = await child(process.execPath, args, env, "pipe");
  const stats = JSON.parse(out.trim().split("\n").at(-1)!) as {
    lines: number;
    bytes: number;
    seconds: number;
    maxRssMiB: number;
    conversations: number;
  };
  return {
    name: `export — ${format}${heapCapMiB === undefined ? "" : ` (heap ≤ ${heapCapMiB} MiB)`}`,
    rows: stats.lines,
    bytes: stats.bytes,
    seconds: stats.seconds,
    rssMiB: stats.maxRssMiB,
    note: `${stats.conversations.toLocaleString("en")} conversations; ${fmt(seconds, 1)} s with start-up`,
  };
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const loadAtStart = load();
const results: Result[] = [];
// The references first and last: the cache is as warm for them as for the exports in between.
results.push(await copy("rating rows"));
if (!values["no-history"]) results.push(await copy("rating rows with history"));
results.push(await copy("messages read"));
for (const format of formats) results.push(await exportFormat(format));
// --heap-cap <MiB>: raw again with another heap for the export's thread (the CLI's --max-heap).
if (values["heap-cap"]) results.push(await exportFormat("raw", Number(values["heap-cap"])));
const again = await copy("rating rows");
const reference = [results[0]!, again].sort((a, b) => a.seconds - b.seconds)[0]!;
results[0] = {
  ...reference,
  note: `best of two runs (${fmt(results[0]!.seconds, 2)} s, ${fmt(again.seconds, 2)} s)`,
};
const withHistory = results.find((result) => result.name === "COPY — rating rows with history");

const rate = (result: Result) => result.rows / result.seconds;
const share = (result: Result, of: Result | undefined) =>
  of === undefined ? "—" : `${fmt((100 * rate(result)) / rate(of), 1)}%`;
console.log(
  `\nbench:export — ${redact(seedArgs.url)}: ${seed.counts.feedback.toLocaleString("en")} ratings, ` +
    `${seed.counts.conversations.toLocaleString("en")} conversations, ${seed.counts.messages.toLocaleString("en")} messages; ` +
    `load average ${loadAtStart} at the start, ${load()} at the end\n`,
);
console.log(
  "| run | rows | MB | seconds | rows/s | vs COPY rating rows | vs COPY with history | MB/s | peak RSS | note |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
for (const result of results) {
  console.log(
    `| ${result.name} | ${result.rows.toLocaleString("en")} | ${fmt(result.bytes / 1e6, 0)} | ` +
      `${fmt(result.seconds, 2)} | ${Math.round(rate(result)).toLocaleString("en")} | ` +
      `${share(result, reference)} | ${share(result, withHistory)} | ${fmt(result.bytes / 1e6 / result.seconds, 1)} | ` +
      `${result.rssMiB === null ? "—" : `${fmt(result.rssMiB, 0)} MiB`} | ${result.note} |`,
  );
}
const raw = results.find((result) => result.name === "export — raw");
if (raw) {
  const part = rate(raw) / rate(reference);
  console.log(
    `\nraw: ${fmt(100 * part, 1)}% of COPY's row rate for the rating rows (target ≥ 25%: ${part >= 0.25 ? "met" : "not met"})` +
      `${withHistory ? `, ${share(raw, withHistory)} of it for the same rows with their history` : ""}; ` +
      `${fmt((100 * raw.bytes) / raw.seconds / (reference.bytes / reference.seconds), 0)}% of its MB/s; ` +
      `peak RSS ${fmt(raw.rssMiB ?? NaN, 0)} MiB (target < 300 MB: ${(raw.rssMiB ?? Infinity) * 1.048576 < 300 ? "met" : "not met"})`,
  );
}

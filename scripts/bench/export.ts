// npm run bench:export — the training-data export (npm run export, the same pipeline as the admin
// page's download) on the feedback seed (1,000,000 ratings over 50,000 conversations): lines per
// second and peak RSS for raw, openai-sft and trl-kto, next to PostgreSQL's own COPY … TO STDOUT of
// the same rows in the same run, as the physical reference.
//
// Each export runs the CLI in a child process (its peak RSS is its own — all its threads — read from
// the kernel), with the lines written to /dev/null. The references are
// `psql -c "COPY (SELECT …) TO STDOUT"` into /dev/null:
//   - "the rows raw writes" — the target's reference: one row per usable rating (its answer's text,
//     production details and newest correction) and one per comparison (both answers' texts), each
//     with its branch as raw's `history` carries it — the system prompt, then every message from the
//     first one down to the question (role, text, id, rated up) — as JSON. The same rows with the same
//     content: 11.4 GB against raw's 11.4 GB on the 1M seed. (The raw file's `user` is a keyed hash,
//     its fields are named; COPY writes the account id and tab-separated columns.)
//   - "rating rows without history": the same rows without the history each raw line repeats — a
//     tenth of the bytes, to show what the history costs;
//   - "messages read": every message of the usable conversations, the bulk of what the export reads.
// Each of the first two is run again at the end, and its faster run counts.
//
// Flags: the seed's (--feedback, --conversations, --models, --users, --url, --reseed) plus --formats
// (comma-separated, default raw,openai-sft,trl-kto), --batch-size and --heap-cap <MiB> (raw once more
// with the CLI's --max-heap <MiB>).
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
  },
  strict: true,
});
const seedArgs = seedArgsFrom(values);
const formats = (values.formats ?? "raw,openai-sft,trl-kto").split(",").map((format) => format.trim());
const root = path.resolve(import.meta.dirname, "../..");
const secret = "bench-secret-bench-secret-bench-secret-bench";

const seed = await seedFeedback({ ...seedArgs, log: (line) => console.error(line) });

const USABLE = `NOT c."temporary" AND c."deletedAt" IS NULL AND u."trainingConsent"`;
/** One history element as raw writes it: role, text, id and (assistant turns) whether the owner rated it up. */
const element = `json_build_object('role', m."role", 'content', m."text", 'messageId', m."id",
    'ratedUp', CASE WHEN m."role" = 'assistant' THEN EXISTS (
      SELECT 1 FROM "Feedback" r
       WHERE r."messageId" = m."id" AND r."userId" = c."userId" AND r."rating" = 'up'
         AND r."reviewStatus" <> 'excluded') END)::text`;
const COPIES = {
  "rating rows without history": `
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
  // Conversation by conversation, as the export reads: the message tree is walked once from its roots,
  // each message carrying its branch so far as JSON text (the system prompt first, when not blank), and
  // every rating (comparison) takes the branch of its answer's question (of its prompt). Of the
  // formulations tried this was the fastest by far: walking the whole tree at once spills gigabytes of
  // branches to disk, and aggregating each row's branch from the path's ids reads every message again
  // for every line it appears in (3.5–4.5× slower).
  "the rows raw writes": `
    SELECT x.*
      FROM "Conversation" c
      JOIN "User" u ON u."id" = c."userId"
     CROSS JOIN LATERAL (
      WITH RECURSIVE tree AS (
        SELECT m."id",
               CASE WHEN btrim(c."systemPrompt") = '' THEN '[' ELSE '[' || json_build_object('role', 'system',
                 'content', c."systemPrompt", 'messageId', NULL, 'ratedUp', NULL)::text || ',' END
                 || ${element} AS "history"
          FROM "Message" m
         WHERE m."conversationId" = c."id" AND m."parentId" IS NULL
        UNION ALL
        SELECT m."id", t."history" || ',' || ${element}
          FROM tree t JOIN "Message" m ON m."parentId" = t."id")
      SELECT f."id", f."conversationId", f."messageId", f."userId", f."rating", f."reasons", f."comment",
             f."reviewStatus", f."reviewNote", f."reviewedAt", f."modelId", f."provider", f."params",
             f."createdAt", f."updatedAt", m."text", m."inputTokens", m."outputTokens",
             m."timeToFirstTokenMs", m."durationMs", m."finishReason", m."status", m."createdAt" AS "answeredAt",
             x."id" AS "correctionId", x."text" AS "correction", x."createdAt" AS "correctedAt",
             NULL AS "otherText", t."history" || ']' AS "history"
        FROM "Feedback" f
        JOIN "Message" m ON m."id" = f."messageId"
        JOIN tree t ON t."id" = m."parentId"
        LEFT JOIN LATERAL (
          SELECT fix."id", fix."text", fix."createdAt" FROM "Correction" fix
           WHERE fix."messageId" = m."id" ORDER BY fix."createdAt" DESC, fix."id" DESC LIMIT 1) x ON true
       WHERE f."conversationId" = c."id" AND f."userId" = c."userId" AND f."reviewStatus" <> 'excluded'
      UNION ALL
      SELECT k."id", k."conversationId", k."promptId", k."userId", NULL, NULL, NULL, NULL, k."source"::text,
             NULL, a."modelId", a."provider", a."params", k."createdAt", k."updatedAt", a."text", NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, b."text", t."history" || ']'
        FROM "Comparison" k
        JOIN "Message" a ON a."id" = k."answerAId"
        JOIN "Message" b ON b."id" = k."answerBId"
        JOIN tree t ON t."id" = k."promptId"
       WHERE k."conversationId" = c."id" AND k."userId" = c."userId") x
     WHERE ${USABLE}`,
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

const copyArgs = (name: keyof typeof COPIES) => [
  "-X",
  "-q",
  "-d",
  seedArgs.url,
  "-c",
  `COPY (${COPIES[name].replace(/\s+/g, " ").trim()}) TO STDOUT`,
];

/** Seconds for psql to COPY the rows into /dev/null. */
async function timedCopy(name: keyof typeof COPIES): Promise<number> {
  const devNull = openSync("/dev/null", "w");
  try {
    return (await child("psql", copyArgs(name), process.env, devNull)).seconds;
  } finally {
    closeSync(devNull);
  }
}

async function copy(name: keyof typeof COPIES): Promise<Result> {
  // Its rows and size, in a run of its own: counting them would slow the timed run.
  const { bytes, lines } = await child("psql", copyArgs(name), process.env, "count");
  const seconds = await timedCopy(name);
  return { name: `COPY — ${name}`, rows: lines, bytes, seconds, rssMiB: null, note: "" };
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
// The references first and again last (each keeps its faster run): the cache is as warm for them as
// for the exports in between, and the export is compared with PostgreSQL at its best.
const references = ["the rows raw writes", "rating rows without history"] as const;
for (const name of references) results.push(await copy(name));
results.push(await copy("messages read"));
for (const format of formats) results.push(await exportFormat(format));
// --heap-cap <MiB>: raw again with another heap for the export's thread (the CLI's --max-heap).
if (values["heap-cap"]) results.push(await exportFormat("raw", Number(values["heap-cap"])));
for (const [index, name] of references.entries()) {
  const first = results[index]!;
  const again = await timedCopy(name);
  results[index] = {
    ...first,
    seconds: Math.min(first.seconds, again),
    note: `best of two runs (${fmt(first.seconds, 2)} s, ${fmt(again, 2)} s)`,
  };
}
const [sameRows, flat] = [results[0]!, results[1]!];

const rate = (result: Result) => result.rows / result.seconds;
const share = (result: Result, of: Result) => `${fmt((100 * rate(result)) / rate(of), 1)}%`;
console.log(
  `\nbench:export — ${redact(seedArgs.url)}: ${seed.counts.feedback.toLocaleString("en")} ratings, ` +
    `${seed.counts.conversations.toLocaleString("en")} conversations, ${seed.counts.messages.toLocaleString("en")} messages; ` +
    `load average ${loadAtStart} at the start, ${load()} at the end\n`,
);
console.log(
  "| run | rows | MB | seconds | rows/s | vs COPY of the rows raw writes | vs COPY without history | MB/s | peak RSS | note |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
for (const result of results) {
  console.log(
    `| ${result.name} | ${result.rows.toLocaleString("en")} | ${fmt(result.bytes / 1e6, 0)} | ` +
      `${fmt(result.seconds, 2)} | ${Math.round(rate(result)).toLocaleString("en")} | ` +
      `${share(result, sameRows)} | ${share(result, flat)} | ${fmt(result.bytes / 1e6 / result.seconds, 1)} | ` +
      `${result.rssMiB === null ? "—" : `${fmt(result.rssMiB, 0)} MiB`} | ${result.note} |`,
  );
}
const raw = results.find((result) => result.name === "export — raw");
if (raw) {
  const part = rate(raw) / rate(sameRows);
  const megabytesPerSecond = (result: Result) => result.bytes / result.seconds;
  console.log(
    `\nraw: ${fmt(100 * part, 1)}% of COPY's row rate for the same rows — each rating and comparison with ` +
      `the history it carries (target ≥ 25%: ${part >= 0.25 ? "met" : "not met"}); ` +
      `${share(raw, flat)} of COPY's rate for the rating rows alone, without history ` +
      `(${fmt((100 * megabytesPerSecond(raw)) / megabytesPerSecond(flat), 0)}% of its MB/s); ` +
      `peak RSS ${fmt(raw.rssMiB ?? NaN, 0)} MiB (target < 300 MB: ${(raw.rssMiB ?? Infinity) * 1.048576 < 300 ? "met" : "not met"})`,
  );
}

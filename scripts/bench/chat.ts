// npm run bench:chat — time to first token of a new chat through Flywheel vs the upstream directly,
// measured in the same run against the project's fake OpenAI-compatible server (60 words, 20 ms per
// chunk) on loopback; plus server CPU per request, peak RSS (of the server process, and of the whole
// `npm start` tree summed over its processes, sampled), errors, answers stored (also when the client
// disconnects mid-stream), and 200 concurrent streams. Not a test: it prints figures.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createTestDatabase } from "../../tests/helpers/database";
import { startFakeOpenAI } from "../../tests/helpers/fake-openai";
import { sampleTreeRss } from "./lib/process-tree";
import { timeStream, type StreamTiming } from "./lib/stream-timing";
import { cpuMs, peakRssMiB, startServer } from "./lib/server";
import { fmt, median, percentile } from "./lib/stats";
import { measureSessionEpoch } from "./lib/session-epoch";
import { benchSessionCookie } from "./lib/bench-user";

const SECRET = "bench-secret-bench-secret-bench-secret-bench";
const ROUNDS = 3;
const SEQUENTIAL = 10;
const BURST = 50;
const TREE_RSS_TARGET_MIB = 300;

process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const database = await createTestDatabase();
const fake = await startFakeOpenAI();
fake.setScenario({ words: 60, chunkDelayMs: 20 });
const server = await startServer(3300, {
  DATABASE_URL: database.url,
  DATABASE_POOL_SIZE: "20",
  AUTH_SECRET: SECRET,
  OPENAI_COMPATIBLE_BASE_URL: fake.url,
  OPENAI_COMPATIBLE_MODELS: "bench-model",
  DEFAULT_MODEL: "bench-model",
  CHAT_RATE_LIMIT_PER_MINUTE: "1000000",
  TITLE_GENERATION: "off",
});
const sql = new pg.Pool({ connectionString: database.url, max: 2 });

const sessionCookie = () => benchSessionCookie(sql, SECRET);

type Outcome = StreamTiming;

/** Reads a streamed response until `marker` appears (first token), then to its end unless told to drop. */
const timeUntil = (start: number, response: Response, marker: string, dropAfterFirst = false) =>
  timeStream(start, response, (seen) => seen.includes(marker), dropAfterFirst);

async function direct(): Promise<Outcome> {
  const start = performance.now();
  const response = await fetch(`${fake.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "bench-model",
      stream: true,
      messages: [{ role: "user", content: "Hello there" }],
    }),
  });
  return timeUntil(start, response, '"content":"');
}

async function throughFlywheel(cookie: string, dropAfterFirst = false): Promise<Outcome> {
  const start = performance.now();
  try {
    const response = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        trigger: "submit",
        conversationId: null,
        parentId: null,
        message: { id: randomUUID(), text: "Hello there" },
      }),
    });
    return await timeUntil(start, response, '"type":"text-delta"', dropAfterFirst);
  } catch {
    return { ttft: NaN, total: NaN, ok: false };
  }
}

// The tree's memory is sampled from here to the end; its peak is reported over the measured sequential
// requests and bursts of 50 (the phase the target is set for) and over the whole run.
const tree = sampleTreeRss(server.child.pid!);
const cookies = await Promise.all(Array.from({ length: 200 }, () => sessionCookie()));
let sent = 0;
let errors = 0;

// Warm-up: compile routes, open pool connections, JIT.
for (let i = 0; i < 5; i++) {
  await direct();
  await throughFlywheel(cookies[i]!);
  sent++;
}

const burstsFrom = performance.now();
const cpuBefore = cpuMs(server.pid);
const sentBefore = sent;
const results: Record<string, { direct: number[]; flywheel: number[] }> = {
  "1": { direct: [], flywheel: [] },
  "50": { direct: [], flywheel: [] },
};

for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < SEQUENTIAL; i++) {
    const d = await direct();
    const f = await throughFlywheel(cookies[i]!);
    sent++;
    if (!f.ok) errors++;
    results["1"]!.direct.push(d.ttft);
    results["1"]!.flywheel.push(f.ttft);
  }
  const d = await Promise.all(Array.from({ length: BURST }, () => direct()));
  const f = await Promise.all(Array.from({ length: BURST }, (_, i) => throughFlywheel(cookies[i]!)));
  sent += BURST;
  errors += f.filter((o) => !o.ok).length;
  results["50"]!.direct.push(...d.map((o) => o.ttft));
  results["50"]!.flywheel.push(...f.map((o) => o.ttft));
}
const cpuPerRequest = (cpuMs(server.pid) - cpuBefore) / (sent - sentBefore);
const burstsTo = performance.now();

// Clients that disconnect after the first token: every answer must still be stored.
const dropped = await Promise.all(Array.from({ length: 20 }, (_, i) => throughFlywheel(cookies[i]!, true)));
sent += dropped.length;
errors += dropped.filter((o) => !o.ok).length;

// 200 concurrent streams on one instance.
const many = await Promise.all(cookies.map((cookie) => throughFlywheel(cookie)));
sent += many.length;
const manyErrors = many.filter((o) => !o.ok).length;
errors += manyErrors;

// Wait for the disconnected answers to finish and be saved.
let stored = 0;
for (let i = 0; i < 60; i++) {
  const { rows } = await sql.query<{ complete: string; streaming: string }>(
    `SELECT count(*) FILTER (WHERE status = 'complete') AS complete, count(*) FILTER (WHERE status = 'streaming') AS streaming
     FROM "Message" WHERE role = 'assistant'`,
  );
  stored = Number(rows[0]!.complete);
  if (Number(rows[0]!.streaming) === 0) break;
  await new Promise((r) => setTimeout(r, 500));
}
const rss = peakRssMiB(server.pid);
tree.stop();
const burstsPeak = tree.peak(burstsFrom, burstsTo);
const wholeRunPeak = tree.peak();

// The session-epoch check (lib/auth/session-epoch.ts), in its own section.
const epochLines = await measureSessionEpoch(server.url, cookies);

console.log("\nbench:chat — fake upstream: 60 words, 20 ms per chunk, loopback\n");
console.log(
  "| concurrency | direct TTFT median | Flywheel TTFT median | overhead median | overhead p99 | Flywheel/direct |",
);
console.log("|---|---|---|---|---|---|");
for (const [label, r] of Object.entries(results)) {
  const dMed = median(r.direct);
  const overheads = r.flywheel.map((f) => f - dMed);
  console.log(
    `| ${label} | ${fmt(dMed)} ms | ${fmt(median(r.flywheel))} ms | ${fmt(median(overheads))} ms | ${fmt(percentile(overheads, 99))} ms | ${fmt(median(r.flywheel) / dMed, 2)}× |`,
  );
}
console.log(`\nserver CPU per chat request: ${fmt(cpuPerRequest)} ms`);
console.log(`peak RSS of the server process: ${fmt(rss)} MiB`);
console.log(
  `peak RSS of the whole process tree (npm start and all its descendants, summed, sampled every 100 ms):`,
);
console.log(
  `  during the sequential requests and bursts of 50: ${fmt(burstsPeak.peakMiB)} MiB — target ≤ ${TREE_RSS_TARGET_MIB} MiB: ${burstsPeak.peakMiB <= TREE_RSS_TARGET_MIB ? "met" : "NOT met"}`,
);
for (const p of burstsPeak.atPeak) console.log(`    ${fmt(p.rssMiB).padStart(6)} MiB  ${p.command}`);
console.log(`  over the whole run (with the 200 concurrent streams): ${fmt(wholeRunPeak.peakMiB)} MiB`);
for (const p of wholeRunPeak.atPeak) console.log(`    ${fmt(p.rssMiB).padStart(6)} MiB  ${p.command}`);
console.log(`requests sent: ${sent}; errors: ${errors} (of 200 concurrent: ${manyErrors})`);
console.log(`answers stored complete: ${stored} of ${sent} (20 clients disconnected after the first token)`);
for (const line of epochLines) console.log(line);

await sql.end();
await server.stop();
await fake.close();
await database.drop();
process.exit(0);

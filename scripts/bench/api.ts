// npm run bench:api — what Flywheel's OpenAI-compatible API adds to a call, against the upstream
// alone, in the same run: the project's fake OpenAI-compatible server (60 words, 20 ms per chunk) on
// loopback, called directly and through POST /api/v1/chat/completions of the production server
// (`npm start`) with a real API key. Prints time to first token at 1 request and in bursts of 50,
// server CPU per streamed request, and the time a non-streamed call adds. The CPU figure has two
// baselines from the same run: the server's own CPU while idle (its periodic jobs), and a bare
// node:http relay of the same stream (lib/bare-relay.mjs), the floor any server pays on this machine.
// Not a test: it prints figures.
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { newApiKey } from "../../lib/api-keys/key-format";
import { createTestDatabase } from "../../tests/helpers/database";
import { startFakeOpenAI } from "../../tests/helpers/fake-openai";
import { cpuMs, cpuSplitMs, startServer } from "./lib/server";
import { timeStream } from "./lib/stream-timing";
import { fmt, median, percentile } from "./lib/stats";

const ROUNDS = 3;
const SEQUENTIAL = 10;
const BURST = 50;
const NON_STREAMED = 30;
const TARGETS = { ttft1: 15, ttft50: 250, cpu: 15, nonStreamed: 15 };

process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const database = await createTestDatabase();
const fake = await startFakeOpenAI();
fake.setScenario({ words: 60, chunkDelayMs: 20 });
const server = await startServer(3301, {
  DATABASE_URL: database.url,
  DATABASE_POOL_SIZE: "20",
  AUTH_SECRET: "bench-secret-bench-secret-bench-secret-bench",
  OPENAI_COMPATIBLE_BASE_URL: fake.url,
  OPENAI_COMPATIBLE_MODELS: "bench-model",
  DEFAULT_MODEL: "bench-model",
  API_RATE_LIMIT_PER_MINUTE: "1000000",
  TITLE_GENERATION: "off",
});
const sql = new pg.Pool({ connectionString: database.url, max: 2 });
const relay = spawn(process.execPath, [path.join(import.meta.dirname, "lib", "bare-relay.mjs")], {
  env: { ...process.env, PORT: "3302", UPSTREAM: fake.url },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise((resolve) => relay.stdout.once("data", resolve));
const relayUrl = "http://127.0.0.1:3302";

// A user and a key, as Settings → API keys makes them (only the hash is stored).
const { rows } = await sql.query<{ id: string }>(
  `INSERT INTO "User" (email, name, "updatedAt") VALUES ('bench-api@example.test', 'Bench', now()) RETURNING id`,
);
const key = newApiKey();
await sql.query(
  `INSERT INTO "ApiKey" ("userId", name, prefix, hash, scopes) VALUES ($1, 'bench', $2, $3, ARRAY['chat'])`,
  [rows[0]!.id, key.prefix, key.hash],
);

const body = (stream: boolean) =>
  JSON.stringify({ model: "bench-model", stream, messages: [{ role: "user", content: "Hello there" }] });

/** `ms`: time to the first token (streamed) or to the whole answer (not streamed); `total`: to the end. */
type Outcome = { ms: number; total: number; ok: boolean };

// The first chunk with text (Flywheel's first chunk is the role with empty content).
const hasText = (seen: string) => /"content":"[^"]/.test(seen);

async function firstToken(start: number, response: Response): Promise<Outcome> {
  const { ttft, total, ok } = await timeStream(start, response, hasText);
  return { ms: ttft, total, ok };
}

async function call(target: "direct" | "relay" | "api", stream: boolean): Promise<Outcome> {
  const start = performance.now();
  try {
    const response =
      target !== "api"
        ? await fetch(target === "direct" ? `${fake.url}/chat/completions` : relayUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: body(stream),
          })
        : await fetch(`${server.url}/api/v1/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${key.key}` },
            body: body(stream),
          });
    if (stream) return await firstToken(start, response);
    const json = (await response.json()) as { choices?: { message?: { content?: string } }[] };
    const ok = response.ok && Boolean(json.choices?.[0]?.message?.content);
    const total = performance.now() - start;
    return { ms: total, total, ok };
  } catch {
    return { ms: NaN, total: NaN, ok: false };
  }
}

// Warm-up: compile the route, open the pool's connections (a burst), verify the key once, JIT; then
// let the start-up's garbage be collected before anything is measured.
for (let i = 0; i < 10; i++) {
  await call("direct", true);
  await call("relay", true);
  await call("api", true);
  await call("api", false);
}
await Promise.all(Array.from({ length: BURST }, () => call("api", true)));
await Promise.all(Array.from({ length: BURST }, () => call("relay", true)));
await sleep(5_000);

// The server's CPU while idle (its periodic jobs: sweeps, evaluation and fine-tuning polls), per second.
const IDLE_MS = 10_000;
const idleBefore = cpuSplitMs(server.pid);
await sleep(IDLE_MS);
const idleAfter = cpuSplitMs(server.pid);
const idlePerSecond =
  (idleAfter.user + idleAfter.system - idleBefore.user - idleBefore.system) / (IDLE_MS / 1000);

let errors = 0;
let streamed = 0;
const results: Record<string, { direct: number[]; api: number[] }> = {
  "1": { direct: [], api: [] },
  "50": { direct: [], api: [] },
};
const cpuBefore = cpuSplitMs(server.pid);
const windowStart = performance.now();
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < SEQUENTIAL; i++) {
    const d = await call("direct", true);
    const a = await call("api", true);
    streamed++;
    if (!a.ok) errors++;
    results["1"]!.direct.push(d.ms);
    results["1"]!.api.push(a.ms);
  }
  const d = await Promise.all(Array.from({ length: BURST }, () => call("direct", true)));
  const a = await Promise.all(Array.from({ length: BURST }, () => call("api", true)));
  streamed += BURST;
  errors += a.filter((o) => !o.ok).length;
  results["50"]!.direct.push(...d.map((o) => o.ms));
  results["50"]!.api.push(...a.map((o) => o.ms));
}
const windowSeconds = (performance.now() - windowStart) / 1000;
const cpuAfter = cpuSplitMs(server.pid);
const userPerStreamed = (cpuAfter.user - cpuBefore.user) / streamed;
const systemPerStreamed = (cpuAfter.system - cpuBefore.system) / streamed;
const cpuPerStreamed = userPerStreamed + systemPerStreamed;
const backgroundPerStreamed = (idlePerSecond * windowSeconds) / streamed;

// The same pattern of calls through the bare relay.
let relayed = 0;
const relayBefore = cpuMs(relay.pid!);
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < SEQUENTIAL; i++) {
    if (!(await call("relay", true)).ok) errors++;
    relayed++;
  }
  const r = await Promise.all(Array.from({ length: BURST }, () => call("relay", true)));
  errors += r.filter((o) => !o.ok).length;
  relayed += BURST;
}
const relayPerStreamed = (cpuMs(relay.pid!) - relayBefore) / relayed;
relay.kill();

// Non-streamed: the whole answer at once. Flywheel reads the upstream as a stream whichever way its
// client asks, so the upstream alone is its streamed answer read to the end; its own non-streamed
// answer is printed too. The upstream sends without pauses here, so what is measured is the calls'
// own time, not 60 chunk delays.
fake.setScenario({ words: 60, chunkDelayMs: 0 });
const nonStreamed = { streamed: [] as number[], direct: [] as number[], api: [] as number[] };
for (let i = 0; i < NON_STREAMED; i++) {
  const s = await call("direct", true);
  const d = await call("direct", false);
  const a = await call("api", false);
  if (!a.ok) errors++;
  nonStreamed.streamed.push(s.total);
  nonStreamed.direct.push(d.ms);
  nonStreamed.api.push(a.ms);
}

const verdict = (value: number, target: number) => (value <= target ? "met" : "NOT met");
console.log(
  `\nbench:api — fake upstream: 60 words, 20 ms per chunk, loopback; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}\n`,
);
console.log(
  "| concurrency | direct TTFT median | API TTFT median | added median | added p99 | API/direct | target |",
);
console.log("|---|---|---|---|---|---|---|");
for (const [label, r] of Object.entries(results)) {
  const dMed = median(r.direct);
  const added = r.api.map((a) => a - dMed);
  const target = label === "1" ? TARGETS.ttft1 : TARGETS.ttft50;
  console.log(
    `| ${label} | ${fmt(dMed)} ms | ${fmt(median(r.api))} ms | ${fmt(median(added))} ms | ${fmt(percentile(added, 99))} ms | ${fmt(median(r.api) / dMed, 2)}× | ≤ ${target} ms: ${verdict(median(added), target)} |`,
  );
}
const nsBase = median(nonStreamed.streamed);
const nsAdded = median(nonStreamed.api) - nsBase;
console.log(
  `\nnon-streamed: upstream's streamed answer to its end median ${fmt(nsBase)} ms (its non-streamed one ${fmt(median(nonStreamed.direct))} ms), API median ${fmt(median(nonStreamed.api))} ms, added ${fmt(nsAdded)} ms (${fmt(median(nonStreamed.api) / nsBase, 2)}×) — target ≤ ${TARGETS.nonStreamed} ms: ${verdict(nsAdded, TARGETS.nonStreamed)}`,
);
console.log(
  `server CPU per streamed request: ${fmt(cpuPerStreamed)} ms (user ${fmt(userPerStreamed)} ms, system ${fmt(systemPerStreamed)} ms) — target ≤ ${TARGETS.cpu} ms: ${verdict(cpuPerStreamed, TARGETS.cpu)}`,
);
console.log(
  `  of which the idle server's own (${fmt(idlePerSecond)} ms a second over the ${fmt(windowSeconds)} s): ${fmt(backgroundPerStreamed)} ms; the requests' own: ${fmt(cpuPerStreamed - backgroundPerStreamed)} ms`,
);
console.log(
  `  bare node:http relay of the same stream: ${fmt(relayPerStreamed)} ms per request; Flywheel/relay ${fmt(cpuPerStreamed / relayPerStreamed, 2)}× (requests' own ${fmt((cpuPerStreamed - backgroundPerStreamed) / relayPerStreamed, 2)}×)`,
);
const { rows: stored } = await sql.query<{ n: string }>(
  `SELECT count(*) AS n FROM "Message" WHERE role = 'assistant' AND status = 'complete'`,
);
console.log(`errors: ${errors}; answers stored complete: ${stored[0]!.n}`);

await sql.end();
await server.stop();
await fake.close();
await database.drop();
process.exit(0);

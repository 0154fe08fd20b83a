// npm run bench:cluster — the proof of issue 17 on this machine: 2 Flywheel production instances
// (`node scripts/start.mjs`) behind Debian's nginx, one PostgreSQL database, one redis-server and the
// fake upstream; then
//   1. 200 concurrent chats (a closed loop of 200 users) through nginx to 1 instance and to 2, in
//      alternating rounds: errors, TTFT, answers/s and the scale-up ratio;
//   2. the same load with one instance killed with `kill -9`: no message lost, every answer complete
//      or interrupted with its text, broken streams resumed through nginx;
//   3. a rolling restart (SIGTERM, drain, start, /api/ready; one instance, then the other) under load:
//      no failed request beyond those nginx retried.
// Not a test (vitest and playwright never collect it): it prints tables, and exits 1 when a check of
// parts 2 or 3 fails. Everything it starts is stopped and removed at the end, on failure or Ctrl+C.
// Settings: BENCH_CLUSTER_USERS (200), BENCH_CLUSTER_ROUNDS (3), BENCH_CLUSTER_ROUND_SECONDS (12),
// BENCH_CLUSTER_PARTS (scale,kill,rolling), BENCH_CLUSTER_KEEP_LOGS (a directory); part 1's upstream:
// BENCH_CLUSTER_WORDS (30), BENCH_CLUSTER_WORDS_PER_CHUNK (3), BENCH_CLUSTER_CHUNK_MS (5).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildIfNeeded } from "../lib/build-if-needed";
import { cleanupAll, installCleanupHandlers, onCleanup } from "./cluster/cleanup";
import { loadAverage } from "./cluster/cpu";
import { Instance } from "./cluster/instance";
import { KILL_SCENARIO, killUnderLoad, SWEEP_LIMIT_MS } from "./cluster/kill";
import { errorKinds, startNginx } from "./cluster/nginx";
import { freePort } from "./cluster/ports";
import { killTable, problems, rollingTable, scaleTable } from "./cluster/report";
import { ROLLING_SCENARIO, rollingRestart } from "./cluster/rolling";
import { measureScale, SCALE_SCENARIO } from "./cluster/scale";
import {
  AUTH_SECRET,
  createUsers,
  ENCRYPTION_KEY,
  MODEL,
  startDatabase,
  startRedis,
  startUpstream,
} from "./cluster/services";
import { failed } from "./cluster/stats";

const USERS = Number(process.env.BENCH_CLUSTER_USERS ?? 200);
const ROUNDS = Number(process.env.BENCH_CLUSTER_ROUNDS ?? 3);
const ROUND_MS = Number(process.env.BENCH_CLUSTER_ROUND_SECONDS ?? 12) * 1000;
const PARTS = new Set((process.env.BENCH_CLUSTER_PARTS ?? "scale,kill,rolling").split(","));

const log = (line: string) => console.log(line);
const report: string[] = [];
const checks: { name: string; ok: boolean }[] = [];
const check = (name: string, ok: boolean) => checks.push({ name, ok });

installCleanupHandlers();
const root = process.cwd();
const dir = mkdtempSync(path.join(tmpdir(), "flywheel-bench-cluster-"));
onCleanup("temp dir", () => {
  // BENCH_CLUSTER_KEEP_LOGS=dir keeps the instances' and nginx's logs for a look afterwards.
  const keep = process.env.BENCH_CLUSTER_KEEP_LOGS;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".log"))) {
      copyFileSync(path.join(dir, file), path.join(keep, file));
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

async function main(): Promise<number> {
  const loadBefore = loadAverage();
  log(`bench:cluster — ${new Date().toISOString()}, load average ${loadBefore} (1 / 5 / 15 min)`);
  if (!(await buildIfNeeded(root))) throw new Error("the build failed");

  const database = await startDatabase();
  const redis = await startRedis();
  const upstream = await startUpstream();
  const ports = { a: await freePort(), b: await freePort() };
  const instanceEnv = (name: string): Record<string, string> => {
    const dataDir = path.join(dir, `data-${name}`);
    mkdirSync(dataDir);
    return {
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: "20",
      REDIS_URL: redis.url,
      AUTH_SECRET,
      ENCRYPTION_KEY,
      OPENAI_COMPATIBLE_BASE_URL: upstream.url,
      OPENAI_COMPATIBLE_MODELS: MODEL,
      DEFAULT_MODEL: MODEL,
      // 200 users each chatting back to back exceed the default 30 chats per minute.
      CHAT_RATE_LIMIT_PER_MINUTE: "1000000",
      TITLE_GENERATION: "off",
      TRUSTED_PROXIES: "127.0.0.1",
      LOG_LEVEL: "info",
      SHUTDOWN_GRACE_SECONDS: "30",
      FLYWHEEL_DATA_DIR: dataDir,
      MALLOC_ARENA_MAX: "2", // as `npm start` sets it
    };
  };
  const a = new Instance("A", ports.a, instanceEnv("A"), dir);
  const b = new Instance("B", ports.b, instanceEnv("B"), dir);
  // Both at once, as a deploy does: one applies migrations, the other waits (advisory lock).
  const [startA, startB] = await Promise.all([a.start(), b.start()]);
  log(`instances ready: A ${(startA / 1000).toFixed(1)} s, B ${(startB / 1000).toFixed(1)} s`);
  const nginx = await startNginx(dir, ports);
  const cookies = await createUsers(database.sql, USERS);
  const errorLines = () => nginx.errorLog().split("\n").filter(Boolean);
  let seen = 0;
  /** nginx's error-log lines since the last call, by kind: what nginx retried or failed. */
  const nginxErrors = () => {
    const lines = errorLines();
    const fresh = lines.slice(seen);
    seen = lines.length;
    return `nginx error log during this part: ${errorKinds(fresh)}`;
  };
  const cpu = {
    "instance A": () => (a.pid ? [a.pid] : []),
    "instance B": () => (b.pid ? [b.pid] : []),
    nginx: () => nginx.pids(),
    "fake upstream": () => [upstream.pid],
    redis: () => [redis.pid],
    // The database's backends (the instances' pools and this script's); other databases' are not ours.
    postgres: () => pgBackends,
  };
  let pgBackends: number[] = [];
  const readBackends = async () => {
    const { rows } = await database.sql.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
    );
    pgBackends = rows.map((row) => row.pid);
  };

  if (PARTS.has("scale")) {
    await upstream.setScenario(SCALE_SCENARIO);
    log(`\n1. ${USERS} concurrent chats, 1 vs 2 instances (${ROUNDS} rounds of ${ROUND_MS / 1000} s each)`);
    const rounds = await measureScale({
      oneUrl: nginx.oneUrl,
      twoUrl: nginx.twoUrl,
      cookies,
      rounds: ROUNDS,
      roundMs: ROUND_MS,
      cpu,
      beforeRound: readBackends,
      log,
    });
    report.push(
      `\n## 1. ${USERS} concurrent chats through nginx, 1 vs 2 instances`,
      `upstream: ${SCALE_SCENARIO.words} words in chunks of ${SCALE_SCENARIO.wordsPerChunk}, ${SCALE_SCENARIO.chunkDelayMs} ms apart; ${ROUNDS} rounds of ${ROUND_MS / 1000} s per setting, alternating\n`,
      ...scaleTable(rounds),
      nginxErrors(),
    );
  }

  if (PARTS.has("kill")) {
    await upstream.setScenario(KILL_SCENARIO);
    log(`\n2. ${USERS} concurrent chats on 2 instances, kill -9 of B after 6 s`);
    const k = await killUnderLoad({ url: nginx.twoUrl, cookies, victim: b, sql: database.sql, log });
    const v = k.verdict;
    const broken = k.results.filter((r) => r.broken);
    check("kill: 0 user messages lost", v.lost.length === 0);
    check(
      "kill: every answer complete or interrupted",
      v.wrong.length === 0 && v.streaming === 0 && v.unanswered === 0,
    );
    check("kill: no answer streaming 35 s after the kill", k.streamingAfterLimit === 0);
    check(
      "kill: every broken stream with an answer id resumed to its final status",
      broken.every((r) => !r.answerId || r.resumed),
    );
    check("kill: clients told what is stored", v.clientMismatch.length === 0);
    check(
      `kill: answers closed within ${SWEEP_LIMIT_MS / 1000} s of the kill`,
      k.lastInterruptedClosedMs === null || k.lastInterruptedClosedMs <= SWEEP_LIMIT_MS + 1_000,
    );
    report.push(
      `\n## 2. kill -9 of instance B under the same load`,
      `upstream: ${KILL_SCENARIO.words} words, one per chunk, ${KILL_SCENARIO.chunkDelayMs} ms apart (answers of ~${(KILL_SCENARIO.words * KILL_SCENARIO.chunkDelayMs) / 1000} s); B killed 6 s in, new chats stop 4 s later\n`,
      ...killTable(k),
      ...problems(v),
      nginxErrors(),
    );
    log(`  B restarts for part 3…`);
    await b.start();
    nginxErrors(); // B's restart is not part 3
  }

  if (PARTS.has("rolling")) {
    await upstream.setScenario(ROLLING_SCENARIO);
    log(`\n3. rolling restart under ${USERS} concurrent chats: SIGTERM A, start A, then B`);
    const r = await rollingRestart({
      url: nginx.twoUrl,
      cookies,
      instances: [a, b],
      logFile: (instance) => path.join(dir, `${instance.name}.log`),
      sql: database.sql,
      log,
    });
    check(
      "rolling: every instance exited 0",
      r.steps.every((s) => s.exit.code === 0),
    );
    check("rolling: 0 requests failed at the client", r.results.filter(failed).length === 0);
    check("rolling: 0 user messages lost", r.verdict.lost.length === 0);
    check("rolling: every answer complete", r.verdict.complete === r.verdict.posted);
    report.push(
      `\n## 3. Rolling restart under the same load`,
      `upstream: ${ROLLING_SCENARIO.words} words, one per chunk, ${ROLLING_SCENARIO.chunkDelayMs} ms apart (answers of ~${(ROLLING_SCENARIO.words * ROLLING_SCENARIO.chunkDelayMs) / 1000} s)\n`,
      ...rollingTable(r),
      ...problems(r.verdict),
      nginxErrors(),
    );
  }

  report.push(`\nload average before / after: ${loadBefore} → ${loadAverage()}`);
  console.log(report.join("\n"));
  console.log("\nchecks:");
  for (const c of checks) console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.name}`);
  return checks.every((c) => c.ok) ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
} finally {
  await cleanupAll();
}
process.exit(code);

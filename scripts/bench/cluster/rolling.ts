// Part 3: a rolling restart under the 200-user load: SIGTERM to A (it refuses new chats with 503,
// which nginx retries on B, lets the answers in flight finish, exits 0), start A again and wait for
// /api/ready, then the same for B.
import { readFileSync } from "node:fs";
import type pg from "pg";
import type { ChatResult } from "./chat-client";
import type { Exit, Instance } from "./instance";
import { startLoad } from "./load";
import { sleep } from "./ports";
import { verify, type Verdict } from "./verify";

/** Answers of about 1 s (40 words, one every 25 ms): every drain has streams in flight to finish. */
export const ROLLING_SCENARIO = { words: 40, wordsPerChunk: 1, chunkDelayMs: 25 };

export type RestartStep = { name: string; exit: Exit; drainMs: number; startMs: number; refused503: number };

export type RollingOutcome = { results: ChatResult[]; steps: RestartStep[]; verdict: Verdict };

/** POST /api/chat answered 503 by the instance (its JSON request log): nginx retried each elsewhere. */
function chat503s(logFile: string): number {
  try {
    return readFileSync(logFile, "utf8")
      .split("\n")
      .filter(
        (line) =>
          line.includes('"msg":"request"') &&
          line.includes('"status":503') &&
          line.includes('"route":"/api/chat"'),
      ).length;
  } catch {
    return 0;
  }
}

export async function rollingRestart(opts: {
  url: string;
  cookies: string[];
  instances: Instance[];
  logFile: (instance: Instance) => string;
  sql: pg.Pool;
  log: (line: string) => void;
}): Promise<RollingOutcome> {
  const load = startLoad(opts.url, opts.cookies);
  await sleep(3_000);
  const steps: RestartStep[] = [];
  for (const instance of opts.instances) {
    const before = chat503s(opts.logFile(instance));
    const signalled = performance.now();
    const exit = await instance.terminate();
    const drainMs = performance.now() - signalled;
    const refused503 = chat503s(opts.logFile(instance)) - before;
    opts.log(
      `  SIGTERM ${instance.name}: exited with ${exit.code ?? exit.signal} after ${(drainMs / 1000).toFixed(1)} s; restarting…`,
    );
    const startMs = await instance.start();
    opts.log(`  ${instance.name} ready again after ${(startMs / 1000).toFixed(1)} s`);
    steps.push({ name: instance.name, exit, drainMs, startMs, refused503 });
    // A few seconds of both instances serving before the next one stops.
    await sleep(5_000);
  }
  const results = await load.stop();
  return { results, steps, verdict: await verify(opts.sql, results, ROLLING_SCENARIO.words) };
}

// Part 2: the 200-user load on both instances, instance B killed with `kill -9` (its whole process
// group) in the middle. Clients whose stream broke resume through nginx; the sweep of the survivor
// closes B's orphaned answers as interrupted within 30 s.
import type pg from "pg";
import type { ChatResult } from "./chat-client";
import type { Exit, Instance } from "./instance";
import { startLoad } from "./load";
import { sleep } from "./ports";
import { secondsSinceLastInterrupted, streamingCount, verify, type Verdict } from "./verify";

/** Answers of about 3.2 s (80 words, one every 40 ms): B dies with many of them half-way. */
export const KILL_SCENARIO = { words: 80, wordsPerChunk: 1, chunkDelayMs: 40 };
/** What the issue allows from the crash to the answer marked interrupted, and the margin we give it. */
export const SWEEP_LIMIT_MS = 30_000;
const MARGIN_MS = 5_000;

export type KillOutcome = {
  results: ChatResult[];
  exit: Exit;
  verdict: Verdict;
  /** Answers still `streaming` SWEEP_LIMIT_MS + MARGIN_MS after the kill. */
  streamingAfterLimit: number;
  /** From the kill to the last interrupted answer closed in the database. */
  lastInterruptedClosedMs: number | null;
  /** From the kill to the last broken client told its final status. */
  lastClientClosedMs: number | null;
};

export async function killUnderLoad(opts: {
  url: string;
  cookies: string[];
  victim: Instance;
  sql: pg.Pool;
  log: (line: string) => void;
}): Promise<KillOutcome> {
  const load = startLoad(opts.url, opts.cookies);
  await sleep(6_000);
  const killedAt = performance.now();
  const exit = await opts.victim.killHard();
  opts.log(`  kill -9 of instance ${opts.victim.name} (process group) at ${new Date().toISOString()}`);
  // New chats go on for a few seconds (nginx sends them to the survivor), then stop.
  await sleep(4_000);
  const stopping = load.stop();
  await sleep(Math.max(0, killedAt + SWEEP_LIMIT_MS + MARGIN_MS - performance.now()));
  const streamingAfterLimit = await streamingCount(opts.sql);
  const ago = await secondsSinceLastInterrupted(opts.sql);
  const lastInterruptedClosedMs = ago === null ? null : performance.now() - ago * 1000 - killedAt;
  const results = await stopping;
  const closed = results.filter((r) => r.broken && r.closedAt !== null).map((r) => r.closedAt! - killedAt);
  return {
    results,
    exit,
    verdict: await verify(opts.sql, results, KILL_SCENARIO.words),
    streamingAfterLimit,
    lastInterruptedClosedMs,
    lastClientClosedMs: closed.length > 0 ? Math.max(...closed) : null,
  };
}

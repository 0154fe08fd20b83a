// Part 1: the same 200-user closed-loop load through nginx, to instance A alone and to A and B, in
// alternating rounds of the same run.
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { ChatResult } from "./chat-client";
import { measureCpu, loadAverage, type CpuReading, type CpuSources } from "./cpu";
import { runLoadFor } from "./load";
import { failed, fmt, percentile, throughput } from "./stats";

/**
 * Short answers from a fast upstream (30 words in 10 chunks, 5 ms apart: about 50 ms of upstream
 * time): each chat costs Flywheel its fixed work (session, conversation and message rows, streaming,
 * saving the answer) and almost no waiting, so 200 users in a closed loop keep the instances' CPU
 * busy, and the throughput measures Flywheel, not the upstream's pace.
 */
export const SCALE_SCENARIO = {
  words: Number(process.env.BENCH_CLUSTER_WORDS ?? 30),
  wordsPerChunk: Number(process.env.BENCH_CLUSTER_WORDS_PER_CHUNK ?? 3),
  chunkDelayMs: Number(process.env.BENCH_CLUSTER_CHUNK_MS ?? 5),
};

export type ScaleRound = {
  instances: 1 | 2;
  round: number;
  results: ChatResult[];
  cpu: CpuReading;
  load: string;
  /** The load generator's own event-loop delay (p99): high values mean it, not the cluster, lagged. */
  lagP99Ms: number;
};

export async function measureScale(opts: {
  oneUrl: string;
  twoUrl: string;
  cookies: string[];
  rounds: number;
  roundMs: number;
  cpu: CpuSources;
  /** Runs before each measured round (the database's backends are looked up then). */
  beforeRound: () => Promise<void>;
  log: (line: string) => void;
}): Promise<ScaleRound[]> {
  // Warm-up on both paths (routes compiled, pools and keep-alive connections open, JIT), not measured.
  await runLoadFor(opts.twoUrl, opts.cookies, 4_000);
  await runLoadFor(opts.oneUrl, opts.cookies, 2_000);
  const rounds: ScaleRound[] = [];
  for (let round = 1; round <= opts.rounds; round++) {
    const order: (1 | 2)[] = round % 2 === 1 ? [1, 2] : [2, 1];
    for (const instances of order) {
      await opts.beforeRound();
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const stop = measureCpu(opts.cpu);
      const results = await runLoadFor(
        instances === 1 ? opts.oneUrl : opts.twoUrl,
        opts.cookies,
        opts.roundMs,
      );
      const cpu = stop();
      lag.disable();
      const entry = {
        instances,
        round,
        results,
        cpu,
        load: loadAverage(),
        lagP99Ms: lag.percentile(99) / 1e6,
      };
      rounds.push(entry);
      const t = throughput(results);
      opts.log(
        `  round ${round}, ${instances} instance(s): ${t.answers} answers in ${fmt(t.seconds)} s = ${fmt(t.perSecond)}/s, ` +
          `TTFT p50 ${fmt(
            percentile(
              results.map((r) => r.ttftMs),
              50,
            ),
          )} ms, errors ${results.filter(failed).length}, ` +
          `load generator's event-loop delay p99 ${fmt(entry.lagP99Ms)} ms, load ${entry.load}`,
      );
    }
  }
  return rounds;
}

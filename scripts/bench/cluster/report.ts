// The tables bench:cluster prints (markdown, ready for docs/benchmarks.md).
import type { CpuReading } from "./cpu";
import type { KillOutcome } from "./kill";
import type { RollingOutcome } from "./rolling";
import type { ScaleRound } from "./scale";
import { failed, fmt, percentile, throughput } from "./stats";
import type { Verdict } from "./verify";

/** Each part's share of a core over the rounds, and its CPU time per answer. */
function cpuShare(readings: CpuReading[], answers: number): string {
  const wall = readings.reduce((sum, r) => sum + r.wallMs, 0);
  const names = Object.keys(readings[0]!.byName);
  const parts = names.map((name) => {
    const ms = readings.reduce((sum, r) => sum + (r.byName[name] ?? 0), 0);
    return `${name} ${fmt((ms / wall) * 100, 0)}% (${fmt(ms / answers, 2)} ms/answer)`;
  });
  const machine = readings.reduce((sum, r) => sum + r.machineBusy, 0);
  return `${parts.join(", ")}; whole machine ${fmt((machine / wall) * 100, 0)}% of 200%`;
}

export function scaleTable(rounds: ScaleRound[]): string[] {
  const lines = [
    "| instances behind nginx | chats | errors | TTFT p50 | TTFT p95 | answers/s (per round) | answers/s (all rounds) |",
    "|---|---|---|---|---|---|---|",
  ];
  const perSecond: Record<number, number> = {};
  for (const instances of [1, 2] as const) {
    const mine = rounds.filter((r) => r.instances === instances);
    const all = mine.flatMap((r) => r.results);
    const answers = mine.reduce((sum, r) => sum + throughput(r.results).answers, 0);
    const seconds = mine.reduce((sum, r) => sum + throughput(r.results).seconds, 0);
    perSecond[instances] = answers / seconds;
    lines.push(
      `| ${instances} | ${all.length} | ${all.filter(failed).length} | ${fmt(
        percentile(
          all.map((r) => r.ttftMs),
          50,
        ),
      )} ms | ` +
        `${fmt(
          percentile(
            all.map((r) => r.ttftMs),
            95,
          ),
        )} ms | ${mine.map((r) => fmt(throughput(r.results).perSecond)).join(" / ")} | ${fmt(perSecond[instances])} |`,
    );
  }
  const pairs = [...new Set(rounds.map((r) => r.round))].map((round) => {
    const one = rounds.find((r) => r.round === round && r.instances === 1)!;
    const two = rounds.find((r) => r.round === round && r.instances === 2)!;
    return throughput(two.results).perSecond / throughput(one.results).perSecond;
  });
  lines.push("");
  lines.push(
    `scale-up 2 vs 1 instance: ${fmt(perSecond[2]! / perSecond[1]!, 2)}× (per round: ${pairs.map((p) => `${fmt(p, 2)}×`).join(", ")})`,
  );
  for (const instances of [1, 2] as const) {
    const lag = Math.max(...rounds.filter((r) => r.instances === instances).map((r) => r.lagP99Ms));
    lines.push(
      `load generator's event-loop delay with ${instances} instance(s), p99, worst round: ${fmt(lag)} ms`,
    );
    lines.push(
      `CPU with ${instances} instance(s): ${cpuShare(
        rounds.filter((r) => r.instances === instances).map((r) => r.cpu),
        rounds
          .filter((r) => r.instances === instances)
          .reduce((sum, r) => sum + throughput(r.results).answers, 0),
      )}`,
    );
  }
  lines.push(ceiling(rounds.filter((r) => r.instances === 1)));
  return lines;
}

/**
 * The most a second instance can add on this machine, from the CPU each part used per answer with one
 * instance: F for Flywheel, S for everything else of the cluster (PostgreSQL, the load generator,
 * nginx, the upstream, Redis), all on the same 2 cores. One instance can use at most one core; two
 * can use both, which they share with S. Other jobs on the machine are left out.
 */
function ceiling(oneInstance: ScaleRound[]): string {
  const answers = oneInstance.reduce((sum, r) => sum + throughput(r.results).answers, 0);
  let flywheel = 0;
  let rest = 0;
  for (const round of oneInstance) {
    for (const [name, ms] of Object.entries(round.cpu.byName)) {
      if (name.startsWith("instance ")) flywheel += ms;
      else rest += ms;
    }
  }
  const f = flywheel / answers;
  const s = rest / answers;
  const one = Math.min(1000 / f, 2000 / (f + s));
  const two = 2000 / (f + s);
  return (
    `ceiling of the scale-up on an otherwise idle 2-core machine, the cluster's parts sharing the cores: Flywheel ${fmt(f, 2)} ms + rest ${fmt(s, 2)} ms of CPU per answer → ` +
    `at most ${fmt(one, 0)}/s with 1 instance, ${fmt(two, 0)}/s with 2: ${fmt(two / one, 2)}×`
  );
}

function verdictLines(v: Verdict): string[] {
  return [
    `| user messages posted / stored / lost | ${v.posted} / ${v.stored} / ${v.lost.length} |`,
    `| answers complete (full text) | ${v.complete} |`,
    `| answers interrupted ("This answer was interrupted.", partial text kept) | ${v.interrupted} (${v.interruptedWithText} with text) |`,
    `| answers left streaming / wrong / missing | ${v.streaming} / ${v.wrong.length} / ${v.unanswered} |`,
    `| clients told something other than what is stored | ${v.clientMismatch.length} |`,
  ];
}

export function killTable(k: KillOutcome): string[] {
  const broken = k.results.filter((r) => r.broken);
  const codes = k.results.flatMap((r) => r.failures);
  return [
    "| measure | result |",
    "|---|---|",
    `| chats sent | ${k.results.length} |`,
    `| killed instance's exit | ${k.exit.signal ?? k.exit.code} |`,
    ...verdictLines(k.verdict),
    `| streams broken by the kill | ${broken.length} (${broken.filter((r) => !r.answerId).length} before the answer id arrived) |`,
    `| … resumed through nginx to their final status | ${broken.filter((r) => r.resumed).length} (${broken.filter((r) => r.resumed && r.status === "complete").length} complete, ${broken.filter((r) => r.resumed && r.status === "error").length} interrupted) |`,
    `| requests that failed at the client (status: count) | ${codes.length === 0 ? "none" : countBy(codes)} |`,
    `| answers streaming 35 s after the kill | ${k.streamingAfterLimit} |`,
    `| kill → last answer marked interrupted (database) | ${k.lastInterruptedClosedMs === null ? "none" : `${fmt(k.lastInterruptedClosedMs / 1000)} s`} |`,
    `| kill → last broken client told its final status | ${k.lastClientClosedMs === null ? "none" : `${fmt(k.lastClientClosedMs / 1000)} s`} |`,
  ];
}

export function rollingTable(r: RollingOutcome): string[] {
  const codes = r.results.flatMap((x) => x.failures);
  return [
    "| measure | result |",
    "|---|---|",
    `| chats sent | ${r.results.length} |`,
    ...r.steps.map(
      (s) =>
        `| instance ${s.name}: exit code / drain / ready again / chats it refused with 503 (retried by nginx) | ${s.exit.code ?? s.exit.signal} / ${fmt(s.drainMs / 1000)} s / ${fmt(s.startMs / 1000)} s / ${s.refused503} |`,
    ),
    `| requests that failed at the client (status: count) | ${codes.length === 0 ? "none" : countBy(codes)} |`,
    `| chats that failed at the client in any way | ${r.results.filter(failed).length} |`,
    ...verdictLines(r.verdict),
  ];
}

function countBy(values: number[]): string {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code === 0 ? "network" : code}: ${n}`).join(", ");
}

/** Details worth a look when a check fails (a few of each). */
export function problems(v: Verdict): string[] {
  return [
    ...v.lost.slice(0, 5).map((id) => `lost message ${id}`),
    ...v.wrong.slice(0, 5).map((w) => `wrong answer ${w}`),
    ...v.clientMismatch.slice(0, 5).map((m) => `client mismatch ${m}`),
  ];
}

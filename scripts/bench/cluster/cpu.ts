// Where the machine's CPU went during a measurement: each instance, nginx, the fake upstream, this
// load generator, and the whole machine (/proc/stat), so a scale-up ratio can be read against what
// else shared the two cores.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { processCpuMs } from "./instance";

export type CpuSources = Record<string, () => number[]>;

function machineMs(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + fields[4]!; // idle + iowait
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
}

const selfMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

export type CpuReading = { byName: Record<string, number>; machineBusy: number; wallMs: number };

/** Starts a CPU measurement; the returned function ends it (ms of CPU per source, and the machine's). */
export function measureCpu(sources: CpuSources): () => CpuReading {
  // Pids are read at both ends: a process that died or started in between counts from when it was seen.
  const read = () =>
    Object.fromEntries(
      Object.entries(sources).map(([name, pids]) => [
        name,
        new Map(pids().map((pid) => [pid, processCpuMs(pid)] as const)),
      ]),
    );
  const before = read();
  const self = selfMs();
  const machine = machineMs();
  const started = performance.now();
  return () => {
    const after = read();
    const byName: Record<string, number> = { "load generator": selfMs() - self };
    for (const [name, pids] of Object.entries(after)) {
      let sum = 0;
      for (const [pid, ms] of pids) sum += ms - (before[name]!.get(pid) ?? 0);
      byName[name] = sum;
    }
    return { byName, machineBusy: machineMs().busy - machine.busy, wallMs: performance.now() - started };
  };
}

export const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");

// Memory of a whole process tree, from /proc: a server is what the operator runs (`npm start` and every
// process under it), not only the one that listens, so wrappers (npm, npx, a TypeScript loader) count.
import { readFileSync, readdirSync } from "node:fs";

const PAGE_BYTES = 4096;

export type ProcessRss = { pid: number; command: string; rssMiB: number };

/** The process and all its descendants, found through every process's parent pid. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) continue;
    // Fields after the command (which may hold spaces and parentheses): state, ppid, …
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Resident memory of each process of the tree right now (processes that exited are left out). */
export function treeRss(root: number): ProcessRss[] {
  const result: ProcessRss[] = [];
  for (const pid of processTree(root)) {
    const statm = read(`/proc/${pid}/statm`);
    const cmdline = read(`/proc/${pid}/cmdline`);
    if (!statm || cmdline === undefined) continue;
    const command = cmdline.split("\0").filter(Boolean).slice(0, 3).join(" ");
    result.push({ pid, command, rssMiB: (Number(statm.split(" ")[1]) * PAGE_BYTES) / 1024 / 1024 });
  }
  return result;
}

export type TreeSample = { at: number; totalMiB: number; processes: ProcessRss[] };
export type TreePeak = { peakMiB: number; atPeak: ProcessRss[]; samples: number };

/**
 * Samples the tree's summed RSS every `intervalMs` (on performance.now()'s clock) until stop();
 * peak() gives the highest sample, over the whole run or between two instants.
 */
export function sampleTreeRss(root: number, intervalMs = 100) {
  const samples: TreeSample[] = [];
  const sample = () => {
    const processes = treeRss(root);
    const totalMiB = processes.reduce((sum, p) => sum + p.rssMiB, 0);
    samples.push({ at: performance.now(), totalMiB, processes });
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
    },
    peak(from = 0, to = Infinity): TreePeak {
      const window = samples.filter((s) => s.at >= from && s.at <= to);
      const top = window.reduce<TreeSample | undefined>(
        (a, b) => (a && a.totalMiB >= b.totalMiB ? a : b),
        undefined,
      );
      return { peakMiB: top?.totalMiB ?? NaN, atPeak: top?.processes ?? [], samples: window.length };
    },
  };
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // the process has exited
  }
}

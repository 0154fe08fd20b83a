// Starts the production server as an operator does (`npm start`, building first when needed) for a
// benchmark and finds the Node.js process that serves it, so its CPU time and memory can be read from
// /proc; `child.pid` is the root of the whole tree (npm and the server), for process-tree.ts.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export type BenchServer = { url: string; pid: number; child: ChildProcess; stop: () => Promise<void> };

export async function startServer(port: number, env: Record<string, string>): Promise<BenchServer> {
  // BENCH_CPU_PROF_DIR=dir: run the start script directly under `node --cpu-prof` (NODE_OPTIONS
  // refuses that flag), writing the server's CPU profile there when it stops. The server runs in that
  // same process, so the profile covers it.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const [command, args] = profileDir
    ? ["node", ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "scripts/start.mjs"]]
    : ["npm", ["start"]];
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 600_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/sign-in`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error("the server did not start within 10 minutes");
    await new Promise((r) => setTimeout(r, 500));
  }
  const pid = listenerPid(port);
  return {
    url,
    pid,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      // The server drains and closes its database (a CPU profile is written at exit, too).
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    },
  };
}

/** The pid of the process listening on the port (the Node.js server, not npm above it). */
function listenerPid(port: number): number {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const match = out.match(/pid=(\d+)/);
  if (!match) throw new Error(`no process listens on port ${port}`);
  return Number(match[1]);
}

/** User and system (kernel: system calls, the network stack) CPU time of a process so far, in ms. */
export function cpuSplitMs(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return { user: (Number(fields[11]) * 1000) / 100, system: (Number(fields[12]) * 1000) / 100 };
}

/** User + system CPU time of a process so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const { user, system } = cpuSplitMs(pid);
  return user + system;
}

/** Peak resident memory of a process so far (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : NaN;
}

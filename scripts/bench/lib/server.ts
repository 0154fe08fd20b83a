// Starts the production server (scripts/start.ts, building first when needed) for a benchmark and
// finds the Node.js process that serves it, so its CPU time and memory can be read from /proc.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export type BenchServer = { url: string; pid: number; child: ChildProcess; stop: () => Promise<void> };

export async function startServer(port: number, env: Record<string, string>): Promise<BenchServer> {
  // BENCH_CPU_PROF_DIR=dir: run `next start` directly under `node --cpu-prof` (NODE_OPTIONS refuses
  // that flag), writing the server's CPU profile there when it stops. The database must be migrated
  // and the app built already, which is what scripts/start.ts would otherwise do.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const [command, args] = profileDir
    ? ["node", ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "node_modules/next/dist/bin/next", "start"]]
    : ["npx", ["tsx", "scripts/start.ts"]];
  const child = spawn(command, args, {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      ...(profileDir ? { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } : {}),
    },
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
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      // A CPU profile is written at exit and can take a few seconds.
      await new Promise((r) => setTimeout(r, profileDir ? 5000 : 1000));
    },
  };
}

/** The pid of the process listening on the port (the Next.js server, not the npx/tsx wrappers). */
function listenerPid(port: number): number {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const match = out.match(/pid=(\d+)/);
  if (!match) throw new Error(`no process listens on port ${port}`);
  return Number(match[1]);
}

/** User + system CPU time of a process so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

/** Peak resident memory of a process so far (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : NaN;
}

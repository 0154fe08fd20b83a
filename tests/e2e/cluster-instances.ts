import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { expect } from "@playwright/test";

// Built Flywheel instances as a load balancer would have them: `node scripts/start.mjs` (the suite's
// build) in their own process groups, so a test can SIGKILL or SIGTERM one as an orchestrator does,
// each on a free port. What they share (database, Redis, secrets, provider) comes from `settings`.

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export interface Instance {
  name: string;
  url: string;
  process: ChildProcess;
  exited: Promise<Exit>;
  running: () => boolean;
  output: () => string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no address")),
      );
    });
  });
}

/** Starts an instance and waits until it is ready (database and Redis answer). */
export async function startInstance(name: string, settings: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, ...settings, PORT: String(port), MALLOC_ARENA_MAX: "2" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let done = false;
  const exited = new Promise<Exit>((resolve) =>
    child.once("close", (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const instance: Instance = {
    name,
    url,
    process: child,
    exited,
    running: () => !done,
    output: () => output,
  };
  // Generous: two cores shared with builds and other tests.
  await expect
    .poll(
      async () => {
        if (done) throw new Error(`instance ${name} exited while starting:\n${output}`);
        return (await fetch(`${url}/api/ready`).catch(() => undefined))?.status;
      },
      { timeout: 150_000, intervals: [250], message: `instance ${name} did not become ready` },
    )
    .toBe(200);
  return instance;
}

/** Sends `signal` to the instance's whole process group, as `kill -9 -<pgid>` or an orchestrator does. */
export function signalGroup(instance: Instance, signal: NodeJS.Signals): void {
  if (instance.running()) process.kill(-instance.process.pid!, signal);
}

/** Ends an instance still running (cleanup); never fails. */
export async function stopInstance(instance: Instance): Promise<void> {
  if (!instance.running()) return;
  try {
    signalGroup(instance, "SIGKILL");
  } catch {
    // Gone meanwhile.
  }
  await instance.exited;
}

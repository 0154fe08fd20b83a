// One Flywheel production instance as an operator runs it (`node scripts/start.mjs`, what `npm start`
// execs), in its own process group so that `kill -9` can take the whole group down at once. Its
// output goes to a log file in the temp dir (not through this process, which generates the load).
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { onCleanup } from "./cleanup";
import { sleep } from "./ports";

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export class Instance {
  private child: ChildProcess | undefined;
  private exit: Promise<Exit> | undefined;
  /** Exit of every process this instance ran, in order (a restart adds one). */
  readonly exits: Exit[] = [];

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {
    onCleanup(`instance ${name}`, () => this.stopQuietly());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.alive ? this.child?.pid : undefined;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the instance and waits until GET /api/ready answers 200. */
  async start(timeoutMs = 240_000): Promise<number> {
    const started = performance.now();
    const log = openSync(path.join(this.logDir, `${this.name}.log`), "a");
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ["ignore", log, log],
      detached: true,
    });
    closeSync(log);
    this.child = child;
    this.exit = new Promise<Exit>((resolve) =>
      child.once("exit", (code, signal) => {
        const exit = { code, signal };
        this.exits.push(exit);
        resolve(exit);
      }),
    );
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (!this.alive) throw new Error(`instance ${this.name} exited during start-up:\n${this.logTail()}`);
      const status = await fetch(`${this.url}/api/ready`)
        .then((response) => response.status)
        .catch(() => 0);
      if (status === 200) return performance.now() - started;
      if (Date.now() > until)
        throw new Error(`instance ${this.name} was not ready in time:\n${this.logTail()}`);
      await sleep(100);
    }
  }

  /** SIGTERM: the instance drains and exits; resolves with how it exited. */
  async terminate(): Promise<Exit> {
    if (this.alive) process.kill(this.child!.pid!, "SIGTERM");
    return this.exit!;
  }

  /** kill -9 of the whole process group, as a crashed machine or an OOM kill would. */
  killHard(): Promise<Exit> {
    if (this.alive) process.kill(-this.child!.pid!, "SIGKILL");
    return this.exit!;
  }

  /** User + system CPU time of the instance's process so far, in ms. */
  cpuMs(): number {
    return this.pid ? processCpuMs(this.pid) : 0;
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(path.join(this.logDir, `${this.name}.log`), "utf8")
        .split("\n")
        .slice(-lines)
        .join("\n");
    } catch {
      return "";
    }
  }

  private async stopQuietly(): Promise<void> {
    if (!this.alive) return;
    process.kill(this.child!.pid!, "SIGTERM");
    await Promise.race([this.exit, sleep(15_000)]);
    if (this.alive) process.kill(-this.child!.pid!, "SIGKILL");
  }
}

/** User + system CPU time of a process so far, in ms (0 when it is gone). */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

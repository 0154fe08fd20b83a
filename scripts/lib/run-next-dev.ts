import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { nextBin } from "./next-bin";
import { onShutdown, shutdown } from "./shutdown";

const HOOK = path.resolve("scripts/lib/forwarded-for-hook.mjs");

/**
 * `npm run dev`: `next dev` as a child (it runs its own worker and restarts it when memory grows),
 * while this process keeps the embedded database. When the child exits, everything stops.
 */
export function runNextDev(opts: { root: string; port: number }): void {
  const child = spawn(process.execPath, [nextBin(opts.root), "dev", "--port", String(opts.port)], {
    cwd: opts.root,
    stdio: "inherit",
    env: {
      ...process.env,
      // Records each request's socket address in X-Forwarded-For (scripts/lib/forwarded-for.mjs).
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import ${JSON.stringify(pathToFileURL(HOOK).href)}`]
        .filter(Boolean)
        .join(" "),
    },
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  onShutdown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  });
  child.on("exit", (code, signal) => void shutdown(code ?? (signal ? 0 : 1)));
}

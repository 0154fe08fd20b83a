import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { nextBin } from "./next-bin";
import { onShutdown } from "./shutdown";

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "package.json",
  "postcss.config.mjs",
];

function newestSourceMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(entry))
    newest = Math.max(newest, newestSourceMtime(path.join(entry, child)));
  return newest;
}

/**
 * Runs `next build` when there is no production build yet or a source file is newer than it. The
 * build is a child process (it needs far more memory than serving, and gives it all back when it
 * exits); it is awaited, not run synchronously, so Ctrl+C during a build still stops cleanly.
 * Returns false when the build failed.
 */
export async function buildIfNeeded(root: string): Promise<boolean> {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((source) => newestSourceMtime(path.join(root, source))));
  if (builtAt > changedAt) return true;
  console.log(
    builtAt ? "Sources changed since the last build; rebuilding…" : "Building Flywheel (first run)…",
  );
  const child = spawn(process.execPath, [nextBin(root), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  onShutdown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await exited;
  });
  return (await exited) === 0;
}

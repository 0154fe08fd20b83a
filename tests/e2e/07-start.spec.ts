import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { treeRss } from "../../scripts/bench/lib/process-tree";
import { signIn, signUp, uniqueEmail } from "./helpers";

// `npm start` as an operator runs it, beside the suite's own server (which built the app): one Node.js
// process under npm, holding the embedded database, and a clean stop on Ctrl+C and on SIGTERM that
// leaves the data intact for the next start.
const port = Number(process.env.E2E_PORT ?? 3100) + 1;
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "flywheel-e2e-start-"));
const lockFile = path.join(dataDir, "pglite.lock");

async function npmStart(): Promise<{
  npm: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), FLYWHEEL_DATA_DIR: dataDir };
  delete env.DATABASE_URL; // the embedded database, whatever the suite runs on
  // Its own process group, as in a terminal: Ctrl+C signals the whole group.
  const npm = spawn("npm", ["start"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.on("exit", (code) => resolve(code)));
  await expect
    .poll(async () => (await fetch(`${baseURL}/sign-in`).catch(() => undefined))?.status, {
      timeout: 120_000,
      message: `npm start did not serve /sign-in:\n${output}`,
    })
    .toBe(200);
  return { npm, exited, output: () => output };
}

test.describe.serial("npm start", () => {
  test.setTimeout(240_000);
  test.use({ baseURL });
  test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const email = uniqueEmail("restart");

  test("runs one Node.js process under npm, and Ctrl+C stops it cleanly", async ({ page }) => {
    const { npm, exited, output } = await npmStart();
    const nodes = treeRss(npm.pid!).filter((p) => p.command.startsWith("node"));
    expect(nodes.map((p) => p.command)).toEqual(["node scripts/start.mjs"]);
    const server = nodes[0]!.pid;
    expect(
      treeRss(npm.pid!)
        .map((p) => p.command)
        .join("\n"),
    ).not.toMatch(/tsx|npx|npm exec|next start/);
    expect(existsSync(lockFile)).toBe(true);

    await signUp(page, "Kept Across Restarts", email);

    process.kill(-npm.pid!, "SIGINT");
    expect(await exited).toBe(0);
    expect(output()).toContain("SIGINT: stopping Flywheel");
    expect(existsSync(`/proc/${server}`)).toBe(false);
    expect(existsSync(lockFile)).toBe(false);
  });

  test("starts again on the same data, and SIGTERM to npm stops it cleanly", async ({ page }) => {
    const { npm, exited, output } = await npmStart();
    await signIn(page, email);
    await expect(page.getByRole("heading", { name: "What can I help with?" })).toBeVisible();

    // A process manager signals the process it started; npm passes it on to the server.
    npm.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output()).toContain("SIGTERM: stopping Flywheel");
    expect(existsSync(lockFile)).toBe(false);
  });
});

import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { treeRss } from "../../scripts/bench/lib/process-tree";
import { signIn, signUp, uniqueEmail } from "./helpers";

// `npm start` as an operator runs it, beside the suite's own server (which built the app): one Node.js
// process under npm, holding the embedded database, and a clean stop on Ctrl+C and on SIGTERM that
// leaves the data intact for the next start.
let port = 0;
let baseURL = "";
// Made by the test worker (beforeAll), not at import: Playwright also imports this file to list it.
let dataDir = "";
let lockFile = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("The probe server has no address.")),
      );
    });
  });
}

// Every `npm start` of this file, so a failed test does not leave its server running.
const started: ChildProcess[] = [];

/** A page whose relative URLs go to this spec's server, not the suite's. */
async function pageOn(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

async function npmStart(): Promise<{
  npm: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), FLYWHEEL_DATA_DIR: dataDir };
  delete env.DATABASE_URL; // the embedded database, whatever the suite runs on
  // Its own process group, as in a terminal: Ctrl+C signals the whole group.
  const npm = spawn("npm", ["start"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  started.push(npm);
  let output = "";
  npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // "close": npm has exited and so has everything holding its output (the server).
  const exited = new Promise<number | null>((resolve) => npm.on("close", (code) => resolve(code)));
  await expect
    .poll(async () => (await fetch(`${baseURL}/sign-in`).catch(() => undefined))?.status, {
      timeout: 120_000,
      message: "npm start did not serve /sign-in",
    })
    .toBe(200);
  return { npm, exited, output: () => output };
}

test.describe.serial("npm start", () => {
  test.setTimeout(240_000);
  test.beforeAll(async () => {
    port = await freePort(); // not E2E_PORT + 1: that may be another run's port
    baseURL = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), "flywheel-e2e-start-"));
    lockFile = path.join(dataDir, "pglite.lock");
  });
  test.afterAll(async () => {
    for (const npm of started) {
      if (npm.exitCode !== null || npm.signalCode !== null) continue;
      const closed = new Promise((resolve) => npm.once("close", resolve));
      process.kill(-npm.pid!, "SIGTERM");
      await closed;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  const email = uniqueEmail("restart");

  test("runs one Node.js process under npm, and Ctrl+C stops it cleanly", async ({ browser }) => {
    const { npm, exited, output } = await npmStart();
    // No shell, npx or TypeScript loader in between: npm's child serves, and holds the database.
    const tree = treeRss(npm.pid!);
    expect(tree.map((p) => p.command)).toEqual(["npm start", "node scripts/start.mjs"]);
    const server = tree[1]!.pid;
    expect(existsSync(lockFile)).toBe(true);

    await signUp(await pageOn(browser), "Kept Across Restarts", email);

    process.kill(-npm.pid!, "SIGINT"); // what Ctrl+C in a terminal does
    expect(await exited).toBe(0);
    expect(output()).toContain("SIGINT: stopping Flywheel");
    expect(output()).toContain("Flywheel stopped.");
    expect(existsSync(`/proc/${server}`)).toBe(false);
    expect(existsSync(lockFile)).toBe(false);
  });

  test("starts again on the same data, and SIGTERM to npm stops it cleanly", async ({ browser }) => {
    const { npm, exited, output } = await npmStart();
    const page = await pageOn(browser);
    await signIn(page, email);
    await expect(page.getByRole("heading", { name: "What can I help with?" })).toBeVisible();

    // A process manager signals the process it started; npm passes it on to the server.
    npm.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output()).toContain("SIGTERM: stopping Flywheel");
    expect(output()).toContain("Flywheel stopped.");
    expect(existsSync(lockFile)).toBe(false);
  });

  test("stops on its own when npm is killed outright", async () => {
    const { npm, output } = await npmStart();
    const server = treeRss(npm.pid!)[1]!.pid;
    npm.kill("SIGKILL");
    await expect.poll(() => existsSync(`/proc/${server}`), { timeout: 30_000 }).toBe(false);
    expect(output()).toContain("is gone: stopping Flywheel");
    expect(output()).toContain("Flywheel stopped.");
    expect(existsSync(lockFile)).toBe(false);
  });
});

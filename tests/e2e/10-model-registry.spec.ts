import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import pg from "pg";
import { answers, send, setUpstream, waitForAnswer } from "./chat-helpers";
import { signUp, uniqueEmail } from "./helpers";

// Two Flywheel instances on one PostgreSQL database, as behind a load balancer: a model added,
// disabled or deleted in the database (with its registry version bump, as Admin → Models commits
// it) is served by both within 5 s, without a restart. The suite's build is reused; only the
// database is this spec's own (the embedded one has room for one process).
const SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const MAX_STALE_MS = 5_000;
const MODEL_ID = "e2e-team-model";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no address")),
      );
    });
  });
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

type Instance = { url: string; process: ChildProcess; output: () => string };
const instances: Instance[] = [];
let databaseName = "";
let databaseUrl = "";

async function startInstance(): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, MALLOC_ARENA_MAX: "2" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const instance = { url, process: child, output: () => output };
  instances.push(instance);
  await expect
    .poll(async () => (await fetch(`${url}/sign-in`).catch(() => undefined))?.status, {
      timeout: 120_000,
      message: `instance on ${port} did not start`,
    })
    .toBe(200);
  return instance;
}

/** A registry change as the admin actions commit it: the rows and the version bump together. */
async function changeRegistry(sql: string): Promise<number> {
  await onServer(
    databaseUrl,
    `BEGIN; ${sql}; UPDATE "RegistryState" SET "version" = "version" + 1 WHERE "id" = 1; COMMIT;`,
  );
  return performance.now();
}

async function listedIds(request: APIRequestContext, instance: Instance): Promise<string[]> {
  const response = await request.get(`${instance.url}/api/models`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { models: { id: string }[]; defaultModelId: string };
  return body.models.map((model) => model.id);
}

/** Milliseconds from `since` until `instance` lists (or stops listing) the model. */
async function timeUntil(
  request: APIRequestContext,
  instance: Instance,
  listed: boolean,
  since: number,
): Promise<number> {
  for (;;) {
    const ids = await listedIds(request, instance);
    const elapsed = performance.now() - since;
    if (ids.includes(MODEL_ID) === listed) return elapsed;
    if (elapsed > MAX_STALE_MS * 2) return elapsed;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function bothSee(request: APIRequestContext, listed: boolean, since: number): Promise<void> {
  const [a, b] = instances;
  const times = await Promise.all([
    timeUntil(request, a!, listed, since),
    timeUntil(request, b!, listed, since),
  ]);
  console.log(
    `Registry change ${listed ? "listed" : "gone"} after ${times.map((t) => `${Math.round(t)} ms`).join(" / ")}`,
  );
  for (const ms of times) expect(ms).toBeLessThan(MAX_STALE_MS);
}

test.describe.serial("the model registry on two instances", () => {
  test.setTimeout(240_000);
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    databaseName = `flywheel_e2e_registry_${randomBytes(4).toString("hex")}`;
    await onServer(SERVER_URL, `CREATE DATABASE "${databaseName}"`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
    // One after the other: the first one migrates the new database.
    await startInstance();
    await startInstance();
    // Cookies are per host, not per port: the session is valid on both instances (same AUTH_SECRET).
    page = await (await browser.newContext({ baseURL: instances[0]!.url })).newPage();
    await signUp(page, "Registry User", uniqueEmail("registry")).catch((error: unknown) => {
      throw new Error(`sign-up failed (${String(error)}); instance output:\n${instances[0]!.output()}`);
    });
  });

  test.afterAll(async () => {
    for (const instance of instances) {
      if (instance.process.exitCode !== null || instance.process.signalCode !== null) continue;
      const closed = new Promise((resolve) => instance.process.once("close", resolve));
      process.kill(-instance.process.pid!, "SIGTERM");
      await closed;
    }
    if (databaseName) await onServer(SERVER_URL, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  });

  test("GET /api/models answers only a signed-in caller from this site, and names no URL or key", async () => {
    const [a] = instances;
    expect((await fetch(`${a!.url}/api/models`)).status).toBe(401);
    const request = page.context().request;
    const crossSite = await request.get(`${a!.url}/api/models`, {
      headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
    });
    expect(crossSite.status()).toBe(403);
    const own = await request.get(`${a!.url}/api/models`);
    expect(own.headers()["cache-control"]).toBe("no-store");
    const text = await own.text();
    expect(text).not.toContain(process.env.OPENAI_COMPATIBLE_BASE_URL!);
    expect(JSON.parse(text)).toMatchObject({ defaultModelId: "offline-demo" });
  });

  test("a model added in the database is listed by both instances within 5 s", async () => {
    const request = page.context().request;
    for (const instance of instances) expect(await listedIds(request, instance)).not.toContain(MODEL_ID);
    const since = await changeRegistry(`
      WITH p AS (
        INSERT INTO "Provider" ("type", "name", "baseUrl", "updatedAt")
        VALUES ('openai-compatible', 'Team server', '${process.env.OPENAI_COMPATIBLE_BASE_URL}', now())
        RETURNING "id")
      INSERT INTO "ModelConfig" ("providerId", "modelId", "upstreamId", "displayName", "contextWindow", "updatedAt")
      SELECT "id", '${MODEL_ID}', 'fake-model', 'Team model', 8192, now() FROM p`);
    await bothSee(request, true, since);
  });

  test("the chat picker offers it; its answers show its name, and the id once its provider is deleted", async () => {
    const [a, b] = instances;
    await setUpstream({ words: 6, chunkDelayMs: 5, text: undefined, failWith: undefined });
    await page.goto(`${b!.url}/`);
    await page.getByRole("combobox", { name: "Model" }).selectOption({ label: "Team model" });
    await send(page, "Hello, team model");
    await waitForAnswer(page);
    await expect(answers(page).last()).toContainText("Team model");
    const conversationPath = new URL(page.url()).pathname;
    expect(conversationPath).toMatch(/^\/c\//);

    const since = await changeRegistry(`DELETE FROM "Provider" WHERE "name" = 'Team server'`);
    await bothSee(page.context().request, false, since);

    // A new turn from the page that still offers the model: a clear error, and the draft comes back.
    await send(page, "Still there?");
    await expect(page.getByRole("alert").filter({ hasText: "not available" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue("Still there?");
    // The picker reads the list again (GET /api/models) and moves to the default.
    const picker = page.getByRole("combobox", { name: "Model" });
    await expect(picker.getByRole("option", { name: "Team model" })).toHaveCount(0);
    await expect(picker).toHaveValue("offline-demo");

    // The old answer, on the other instance: the model's id, as recorded.
    await page.goto(`${a!.url}${conversationPath}`);
    await expect(answers(page).first()).toContainText(MODEL_ID);
    await expect(answers(page).first()).not.toContainText("Team model");
  });

  test("a disabled model leaves both lists within 5 s, and comes back when enabled", async () => {
    const request = page.context().request;
    let since = await changeRegistry(`
      WITH p AS (
        INSERT INTO "Provider" ("type", "name", "baseUrl", "updatedAt")
        VALUES ('openai-compatible', 'Second server', '${process.env.OPENAI_COMPATIBLE_BASE_URL}', now())
        RETURNING "id")
      INSERT INTO "ModelConfig" ("providerId", "modelId", "upstreamId", "displayName", "contextWindow", "updatedAt")
      SELECT "id", '${MODEL_ID}', 'fake-model', 'Team model', 8192, now() FROM p`);
    await bothSee(request, true, since);
    since = await changeRegistry(
      `UPDATE "ModelConfig" SET "enabled" = false WHERE "modelId" = '${MODEL_ID}'`,
    );
    await bothSee(request, false, since);
    since = await changeRegistry(`UPDATE "ModelConfig" SET "enabled" = true WHERE "modelId" = '${MODEL_ID}'`);
    await bothSee(request, true, since);
  });
});

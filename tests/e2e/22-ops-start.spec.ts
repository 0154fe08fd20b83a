import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { signUp, uniqueEmail } from "./helpers";

// The real `npm start` server (scripts/start.mjs, on the suite's build) as an operator runs it behind
// a load balancer: probes without a session, one JSON log line per request, and SIGTERM draining
// answers in flight. Each server gets its own database and a slow fake provider, so the stored
// answers can be read once it has exited.

const WORDS = Array.from({ length: 40 }, (_, i) => `word${i + 1}`);
const FULL_TEXT = WORDS.join(" ");

let upstream: FakeOpenAI;
let database: TestDatabase;
let dataDir = "";
const started: ChildProcess[] = [];

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

interface Server {
  baseURL: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
  /** The JSON lines written so far (other output, e.g. Next.js's own, is left out). */
  jsonLines: () => Record<string, unknown>[];
}

async function startServer(settings: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: database.url,
    FLYWHEEL_DATA_DIR: dataDir,
    OPENAI_COMPATIBLE_BASE_URL: upstream.url,
    OPENAI_COMPATIBLE_MODELS: "fake-model",
    DEFAULT_MODEL: "fake-model",
    TITLE_GENERATION: "off",
    LOG_LEVEL: "info",
    ...settings,
  };
  if (!process.env.TEST_DATABASE_URL) env.DATABASE_POOL_SIZE = "1"; // the worker's PGlite
  const child = spawn(process.execPath, ["scripts/start.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const baseURL = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${baseURL}/api/health`).catch(() => undefined))?.status, {
      timeout: 120_000,
      message: "the server did not answer /api/health",
    })
    .toBe(200);
  const jsonLines = () =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { baseURL, process: child, exited, output: () => output, jsonLines };
}

/** A new account, signed in on this server (each test has its own, so each can run alone). */
async function signedInPage(browser: Browser, server: Server): Promise<{ page: Page; email: string }> {
  const context = await browser.newContext({ baseURL: server.baseURL });
  const page = await context.newPage();
  const email = uniqueEmail("ops");
  await signUp(page, "Ops Tester", email);
  return { page, email };
}

function postChat(request: APIRequestContext, text: string) {
  return request.post("/api/chat", {
    headers: { "content-type": "application/json" },
    data: JSON.stringify({
      trigger: "submit",
      conversationId: null,
      parentId: null,
      message: { id: randomUUID(), text },
    }),
    timeout: 60_000,
  });
}

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function answerOf(question: string) {
  const rows = await query<{ status: string; text: string }>(
    `SELECT a.status::text AS status, a.text FROM "Message" a JOIN "Message" q ON a."parentId" = q.id
      WHERE q.text = $1 AND a.role = 'assistant'`,
    [question],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

test.describe.serial("operations: probes, request logs, SIGTERM", () => {
  test.setTimeout(240_000);
  test.beforeAll(async () => {
    upstream = await startFakeOpenAI();
    database = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), "flywheel-e2e-ops-"));
  });

  test.afterAll(async () => {
    for (const child of started) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const closed = new Promise((resolve) => child.once("close", resolve));
      child.kill("SIGKILL");
      await closed;
    }
    await upstream?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("probes need no session; each request is one JSON log line without query or message text", async ({
    browser,
  }) => {
    const server = await startServer({});
    const health = await fetch(`${server.baseURL}/api/health`, { redirect: "manual" });
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.baseURL}/api/ready`, { redirect: "manual" });
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(((await ready.json()) as { status: string }).status).toBe("ready");

    const { page, email } = await signedInPage(browser, server);
    const userId = (await query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]))[0]!.id;
    upstream.setScenario({ text: "short answer", chunkDelayMs: 5 });
    const chat = await postChat(page.request, "a private question about my health");
    expect(chat.status()).toBe(200);
    const home = await page.request.get("/?q=secret-search-words", {
      headers: { "x-request-id": "lb-e2e-1" },
    });
    expect(home.status()).toBe(200);
    expect(home.headers()["x-request-id"]).toBe("lb-e2e-1");

    await expect.poll(() => server.jsonLines().some((line) => line.requestId === "lb-e2e-1")).toBe(true);
    const homeLine = server.jsonLines().find((line) => line.requestId === "lb-e2e-1")!;
    expect(homeLine).toMatchObject({
      level: "info",
      msg: "request",
      method: "GET",
      route: "/",
      status: 200,
      userId,
    });
    expect(typeof homeLine.durationMs).toBe("number");
    const chatLine = server.jsonLines().find((line) => line.route === "/api/chat")!;
    expect(chatLine).toMatchObject({ method: "POST", status: 200, userId });
    expect(chatLine.requestId).toBe(chat.headers()["x-request-id"]);
    const probeLine = server.jsonLines().find((line) => line.route === "/api/ready")!;
    expect(probeLine).toMatchObject({ status: 200 });
    expect(probeLine).not.toHaveProperty("userId");
    expect(server.output()).not.toContain("secret-search-words");
    expect(server.output()).not.toContain("private question");
    expect(server.output()).not.toContain("short answer");

    server.process.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  test("SIGTERM refuses new chats with 503, lets the answer in flight finish, and exits 0", async ({
    browser,
  }) => {
    const server = await startServer({ SHUTDOWN_GRACE_SECONDS: "30" });
    const { page } = await signedInPage(browser, server);
    upstream.setScenario({ text: FULL_TEXT, chunkDelayMs: 100 });
    const before = upstream.requests.length;
    const inFlight = postChat(page.request, "drain question one");
    await expect.poll(() => upstream.requests[before]?.chunksSent ?? 0).toBeGreaterThan(2);

    server.process.kill("SIGTERM");
    await expect.poll(() => server.output()).toContain("draining: waiting for answers in flight");
    const refused = await postChat(page.request, "drain question two");
    expect(refused.status()).toBe(503);
    expect(refused.headers()["retry-after"]).toBe("5");
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/restarting/);
    const notReady = await fetch(`${server.baseURL}/api/ready`);
    expect(notReady.status).toBe(503);
    expect(((await notReady.json()) as { reason: string }).reason).toContain("shutting down");

    const finished = await inFlight;
    expect(finished.status()).toBe(200);
    expect(await finished.text()).toContain('"type":"finish"');
    expect(await server.exited).toBe(0);
    expect(await answerOf("drain question one")).toEqual({ status: "complete", text: FULL_TEXT });
    const asked = await query(`SELECT 1 FROM "Message" WHERE text = $1`, ["drain question two"]);
    expect(asked).toHaveLength(0);
  });

  test("with a short grace period, the answer still running is stopped and saved with its partial text", async ({
    browser,
  }) => {
    const server = await startServer({ SHUTDOWN_GRACE_SECONDS: "1", LOG_LEVEL: "debug" });
    const { page } = await signedInPage(browser, server);
    upstream.setScenario({ text: FULL_TEXT, chunkDelayMs: 150 });
    const before = upstream.requests.length;
    const inFlight = postChat(page.request, "grace question");
    await expect.poll(() => upstream.requests[before]?.chunksSent ?? 0).toBeGreaterThan(3);

    const signalled = Date.now();
    server.process.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    // 1 s of grace, then the stop and the save: well before the 6 s the answer needed.
    expect(Date.now() - signalled).toBeLessThan(4_000);
    const phases = server.jsonLines().filter((line) => String(line.msg).startsWith("shutdown:"));
    expect(phases.at(-1)).toMatchObject({ msg: "shutdown: Next.js and the database pool closed" });
    await inFlight.catch(() => undefined); // cut or finished with a "stopped" ending: either is fine

    const answer = await answerOf("grace question");
    expect(answer.status).toBe("stopped");
    expect(answer.text.length).toBeGreaterThan(0);
    expect(answer.text.length).toBeLessThan(FULL_TEXT.length);
    expect(FULL_TEXT.startsWith(answer.text)).toBe(true);
    expect(server.output()).toContain("grace period over");
  });
});

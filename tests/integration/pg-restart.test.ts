import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { startRouteServer } from "../helpers/route-server";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { events, type Chunk } from "../helpers/ui-stream";
// Types only: the modules are loaded in beforeAll, once DATABASE_URL points at the proxy.
import type { db, pool } from "@/lib/db/client";
import type { errorResponse } from "@/lib/errors/http";
import type { describeApiError } from "@/lib/api/openai-error";
import type { isDatabaseUnavailable } from "@/lib/db/unavailable";
import type { SAVE_RETRY_WINDOW_MS } from "@/lib/chat/save-answer";
import type * as sweep from "@/lib/chat/interrupted-answers";

// PostgreSQL restarted under a running app: requests fail fast with a plain 503 (not a hang, not a 500),
// the pool recovers by itself, and no answer is left `streaming` for ever. The app talks to its own
// fresh database through a real TCP proxy (tests/helpers/tcp-proxy.ts) that the test takes down and
// brings back as a restart would, without disturbing the server every other test uses. Vitest runs
// each file in its own process, so this file's pool (a per-process singleton) is the proxied one.

const UNAVAILABLE = "The database is not answering. Try again in a moment.";

let database: TestDatabase;
// The embedded database (no TEST_DATABASE_URL) serves one connection at a time: the app's pool (of
// one) holds it, so the test checks through that pool, and only while the proxy is up.
const embedded = inject("embedded");
let direct: pg.Client | undefined; // The test's own connection, around the proxy, for its checks.
let proxy: TcpProxy;
let fake: FakeOpenAI;
let server: Awaited<ReturnType<typeof startRouteServer>>;
const warnings: string[] = [];
let lib: {
  db: typeof db;
  pool: typeof pool;
  errorResponse: typeof errorResponse;
  describeApiError: typeof describeApiError;
  isDatabaseUnavailable: typeof isDatabaseUnavailable;
  saveWindowMs: typeof SAVE_RETRY_WINDOW_MS;
  sweep: typeof sweep;
  startBackgroundJobs: () => void;
};
let cookie: string;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  if (!embedded) {
    direct = new pg.Client({ connectionString: database.url });
    await direct.connect();
  }
  const target = new URL(database.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  process.env.DATABASE_URL = proxy.url(database.url);
  fake = await startFakeOpenAI();
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.TITLE_GENERATION = "off";

  const outage = await import("@/lib/db/outage-log");
  outage.configureDatabaseWarnings({ intervalMs: 60_000, warn: (line) => warnings.push(line) });
  const client = await import("@/lib/db/client");
  lib = {
    db: client.db,
    pool: client.pool,
    errorResponse: (await import("@/lib/errors/http")).errorResponse,
    describeApiError: (await import("@/lib/api/openai-error")).describeApiError,
    isDatabaseUnavailable: (await import("@/lib/db/unavailable")).isDatabaseUnavailable,
    saveWindowMs: (await import("@/lib/chat/save-answer")).SAVE_RETRY_WINDOW_MS,
    sweep: await import("@/lib/chat/interrupted-answers"),
    startBackgroundJobs: (await import("@/lib/background-jobs")).startBackgroundJobs,
  };
  const chat = await import("@/app/api/chat/route");
  const models = await import("@/app/api/models/route");
  const ready = await import("@/app/api/ready/route");
  server = await startRouteServer([
    { path: "/api/chat", methods: { POST: chat.POST } },
    { path: "/api/models", methods: { GET: models.GET } },
    { path: "/api/ready", methods: { GET: () => ready.GET() } },
  ]);

  userId = randomUUID();
  await sql(
    `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "updatedAt")
     VALUES ($1, $2, 'Restart', 'x', 'USER', now())`,
    [userId, `restart-${userId}@example.test`],
  );
  const salt = "authjs.session-token";
  const token = await encode({ token: { uid: userId, sub: userId }, secret: process.env.AUTH_SECRET!, salt });
  cookie = `${salt}=${token}`;
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  await lib?.db().$disconnect();
  await proxy?.close();
  await direct?.end();
  await database?.drop();
});

/** A statement of the test's own: around the proxy when it can be. */
function sql<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  return direct ? direct.query<R>(text, values) : lib.pool().query<R>(text, values);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function postChat(text: string): Promise<Response> {
  return fetch(`${server.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({
      trigger: "submit",
      conversationId: null,
      parentId: null,
      message: { id: randomUUID(), text },
    }),
  });
}

const getModels = () => fetch(`${server.url}/api/models`, { headers: { cookie } });

/** The request's status, JSON body and how long it took to answer. */
async function timed(request: () => Promise<Response>) {
  const started = performance.now();
  const response = await request();
  const body = await response.text();
  return { response, body, ms: performance.now() - started };
}

/** A 503 a user can act on: the plain message, Retry-After, and nothing of SQL, hosts or stacks. */
function expectPlainUnavailable(response: Response, body: string) {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("5");
  expect(JSON.parse(body)).toEqual({
    error: { code: "UNAVAILABLE", message: UNAVAILABLE, retryAfterSeconds: 5 },
  });
}

async function answerRow(id: string) {
  const { rows } = await sql<{
    status: string;
    text: string;
    error: string | null;
    finishReason: string;
  }>(`SELECT "status"::text, "text", "error", "finishReason" FROM "Message" WHERE "id" = $1`, [id]);
  return rows[0]!;
}

async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Waits until the pool has seen its connections end (the next event-loop turns, in practice). */
const poolNoticed = () => waitFor(() => (lib.pool().totalCount === 0 ? true : undefined), 2_000);

// First, before anything has used Prisma (whose adapter adds a listener of its own): the pool's
// "error" event for idle connections the server ends would be an uncaught exception without the
// app's listener, and would fail this file.
describe("idle connections ended by a restart", () => {
  it.each(["shutdown", "crash"] as const)(
    "(%s) do not crash the process, are logged once, and the next query opens new ones",
    async (mode) => {
      await Promise.all([1, 2, 3].map(() => lib.pool().query("SELECT pg_sleep(0.05)")));
      expect(lib.pool().idleCount).toBeGreaterThanOrEqual(embedded ? 1 : 2);
      const before = { accepted: proxy.accepted, warnings: warnings.length };

      await proxy.restart(200, mode);
      await poolNoticed();
      // Several connections ended, one line.
      expect(warnings.slice(before.warnings)).toHaveLength(1);
      expect(warnings.at(-1)).toMatch(mode === "shutdown" ? /not answering \(57P01;/ : /ECONNRESET/);
      expect(warnings.at(-1)).not.toContain(String(proxy.port));

      const started = performance.now();
      await expect(lib.pool().query("SELECT 1 AS one")).resolves.toMatchObject({ rows: [{ one: 1 }] });
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(proxy.accepted).toBeGreaterThan(before.accepted);
      expect(warnings.at(-1)).toMatch(/answers again/);
    },
  );
});

describe("while the database is down", () => {
  it("the chat, a read and readiness fail fast with a plain 503; after it is back they work at once", async () => {
    // Warm: the session epoch is remembered, the pool holds connections.
    expect((await getModels()).status).toBe(200);
    const warned = warnings.length;

    await proxy.down();
    try {
      const chat = await timed(() => postChat("hello while down"));
      const models = await timed(getModels);
      const ready = await timed(() => fetch(`${server.url}/api/ready`));
      console.info(
        `database refused: chat 503 in ${chat.ms.toFixed(0)} ms, models 503 in ${models.ms.toFixed(0)} ms, ready 503 in ${ready.ms.toFixed(0)} ms`,
      );
      expectPlainUnavailable(chat.response, chat.body);
      expectPlainUnavailable(models.response, models.body);
      expect(chat.ms).toBeLessThan(2_000);
      expect(models.ms).toBeLessThan(2_000);
      expect(ready.response.status).toBe(503);
      const readiness = JSON.parse(ready.body) as { status: string; checks: Record<string, string> };
      expect(readiness.status).toBe("not ready");
      expect(readiness.checks.database).toMatch(/^the database does not answer/);
      expect(ready.body).not.toContain(String(proxy.port));
      // Many failing requests, one line in the log (at most one per minute).
      for (let i = 0; i < 10; i++) expect((await getModels()).status).toBe(503);
      expect(warnings.length - warned).toBe(1);
      expect(warnings.at(-1)).toMatch(
        /^The database \(DATABASE_URL\) is not answering \((57P01|ECONNREFUSED);/,
      );
    } finally {
      await proxy.up();
    }

    // Back: the very next requests succeed, with no restart of the app.
    const upAt = performance.now();
    const after = await timed(getModels);
    expect(after.response.status).toBe(200);
    const answer = await postChat("hello again");
    expect(answer.status).toBe(200);
    const chunks: Chunk[] = [];
    for await (const chunk of events(answer.body!)) chunks.push(chunk);
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
    expect((await fetch(`${server.url}/api/ready`)).status).toBe(200);
    console.info(
      `database back: first read 200 in ${after.ms.toFixed(0)} ms, a whole chat answered ${(performance.now() - upAt).toFixed(0)} ms after`,
    );
    expect(warnings.at(-1)).toMatch(/answers again/);
  });

  it("that does not answer at all (stalled, not refused), requests fail after the 5 s connect timeout", async () => {
    expect((await getModels()).status).toBe(200);
    await proxy.stall();
    // Once the pool has dropped the connections the stall ended, each request has to connect.
    await poolNoticed();
    try {
      const [chat, models, ready] = await Promise.all([
        timed(() => postChat("hello to a stalled database")),
        timed(getModels),
        timed(() => fetch(`${server.url}/api/ready`)),
      ]);
      console.info(
        `database stalled: chat 503 in ${chat.ms.toFixed(0)} ms, models 503 in ${models.ms.toFixed(0)} ms, ready 503 in ${ready.ms.toFixed(0)} ms`,
      );
      expectPlainUnavailable(chat.response, chat.body);
      expectPlainUnavailable(models.response, models.body);
      // Bounded by the pool's connectionTimeoutMillis (5 s), with room for a busy machine.
      for (const ms of [chat.ms, models.ms]) {
        expect(ms).toBeGreaterThan(4_500);
        expect(ms).toBeLessThan(9_000);
      }
      // Readiness has its own, shorter deadline per check.
      expect(ready.response.status).toBe(503);
      expect(ready.ms).toBeLessThan(4_500);
      expect(JSON.parse(ready.body)).toMatchObject({ checks: { database: "no answer within 3 s" } });
    } finally {
      await proxy.up();
    }
    expect((await getModels()).status).toBe(200);
  });

  it("every failure a restart causes, from pg or from Prisma, is the same plain 503", async () => {
    const failures: { label: string; error: unknown }[] = [];
    const failed = async (label: string, work: () => Promise<unknown>) => {
      const error = await work().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, label).toBeDefined();
      failures.push({ label, error });
    };
    const warm = () => Promise.all([lib.pool().query("SELECT 1"), lib.db().user.count()]);

    for (const mode of ["shutdown", "crash"] as const) {
      await warm();
      // Killed in the middle of a statement.
      const running = [
        failed(`${mode}: pg, mid-query`, () => lib.pool().query("SELECT pg_sleep(2)")),
        failed(`${mode}: Prisma, mid-query`, () => lib.db().$queryRaw`SELECT pg_sleep(2)`),
      ];
      await sleep(200);
      await proxy.down(mode);
      await Promise.all(running);
      // Refused while down.
      await failed(`${mode}: pg, refused`, () => lib.pool().query("SELECT 1"));
      await failed(`${mode}: Prisma, refused`, () => lib.db().user.count());
      // A model provider refusing an HTTP call is not the database (a chat shows it on the answer).
      const provider = await fetch(`http://127.0.0.1:${proxy.port}/v1/models`).catch((e: unknown) => e);
      expect(lib.isDatabaseUnavailable(provider)).toBe(false);
      await proxy.up();
      // Sent on an idle connection in the instant the server ends it, before the pool has noticed:
      // the one request a restart can still fail after the database is back.
      await warm();
      const killed = proxy.down(mode);
      await failed(`${mode}: Prisma, on a connection ended that instant`, () => lib.db().user.count());
      await killed;
      await poolNoticed();
      await proxy.up();
    }

    for (const { label, error } of failures) {
      // The public API's OpenAI-shaped error too: a 503 the official SDKs retry.
      expect(lib.describeApiError(error), label).toMatchObject({
        status: 503,
        body: { message: UNAVAILABLE, type: "server_error" },
        headers: { "retry-after": "5" },
      });
      const response = lib.errorResponse(error);
      expect(response.status, label).toBe(503);
      expect(await response.json(), label).toEqual({
        error: { code: "UNAVAILABLE", message: UNAVAILABLE, retryAfterSeconds: 5 },
      });
    }
    // A real SQL error stays a 500 (and is logged as one).
    const broken = await lib.db().$queryRaw`SELECT 1/0`.catch((e: unknown) => e);
    expect(lib.errorResponse(broken).status).toBe(500);
  }, 30_000);
});

/** Starts an answer through the chat route and reads it as it streams, with each chunk's arrival. */
function streamAnswer(text: string) {
  const chunks: (Chunk & { at: number })[] = [];
  const done = (async () => {
    const response = await postChat(text);
    expect(response.status).toBe(200);
    for await (const chunk of events(response.body!)) chunks.push({ ...chunk, at: performance.now() });
  })();
  const answerId = () =>
    waitFor(
      () => (chunks.find((c) => c.type === "start") as { messageId?: string } | undefined)?.messageId,
      5_000,
    );
  const deltas = () => chunks.filter((c) => c.type === "text-delta");
  return { chunks, done, answerId, deltas };
}

describe("an answer streaming while the database restarts", () => {
  it("keeps generating, and is saved complete with its whole text once the database is back", async () => {
    // About 2.4 s of answer: it ends while the database is down, so the final save has to wait.
    fake.setScenario({ words: 24, chunkDelayMs: 100 });
    const answer = streamAnswer("a long answer please");
    const id = await answer.answerId();
    // Some text, flushed at least once (every second), before the restart.
    await waitFor(async () => ((await answerRow(id)).text.length > 0 ? true : undefined), 5_000);
    const flushed = (await answerRow(id)).text;

    const downAt = performance.now();
    const restarted = proxy.restart(2_500);
    await sleep(1_000);
    // Mid-outage: the row still holds the text of the last flush; the generation goes on.
    if (direct) expect(await answerRow(id)).toMatchObject({ status: "streaming", text: flushed });
    await restarted;
    const upAt = performance.now();
    await answer.done;

    const final = answer.chunks.at(-1)!;
    expect(final).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
    const streamed = answer
      .deltas()
      .map((c) => c.delta)
      .join("");
    expect(streamed.split(" ")).toHaveLength(24);
    // Text arrived while the database was down (the flushes failed quietly), to the last word.
    expect(answer.deltas().filter((c) => c.at > downAt && c.at < upAt).length).toBeGreaterThan(5);
    expect(answer.deltas().at(-1)!.at).toBeLessThan(upAt);
    const row = await answerRow(id);
    expect(row).toMatchObject({ status: "complete", text: streamed, error: null });
    expect(row.text.length).toBeGreaterThan(flushed.length);
    console.info(
      `restart of 2.5 s mid-answer: saved complete ${(final.at - upAt).toFixed(0)} ms after the database was back`,
    );
  }, 30_000);

  it("a database that stalls (answers nothing) holds no text back: the saves wait, the stream does not", async () => {
    // 30 words, 100 ms apart: about 3 s of answer, all of it while the database answers nothing.
    fake.setScenario({ words: 30, chunkDelayMs: 100 });
    const answer = streamAnswer("keep talking");
    const id = await answer.answerId();
    await waitFor(async () => ((await answerRow(id)).text.length > 0 ? true : undefined), 5_000);
    await proxy.stall();
    const stalledAt = performance.now();
    try {
      await waitFor(() => Promise.resolve(answer.deltas().length >= 30 ? true : undefined), 10_000);
      const during = answer.deltas().filter((c) => c.at > stalledAt);
      // Each save waits for the 5 s connect timeout; the text kept coming every 100 ms or so.
      const gaps = during.slice(1).map((c, i) => c.at - during[i]!.at);
      expect(Math.max(...gaps)).toBeLessThan(1_500);
      expect(answer.deltas().at(-1)!.at - stalledAt).toBeLessThan(4_500);
    } finally {
      await proxy.up();
    }
    await answer.done;
    expect(answer.chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
    expect((await answerRow(id)).status).toBe("complete");
  }, 40_000);

  it("when the database stays down longer than the save waits, the sweep closes the row once it is back", async () => {
    // The real periodic sweep of every instance (every 10 s), failing while the database is away.
    lib.startBackgroundJobs();
    fake.setScenario({ words: 30, chunkDelayMs: 100 });
    const answer = streamAnswer("an answer the database will miss");
    const id = await answer.answerId();
    await waitFor(async () => ((await answerRow(id)).text.length > 0 ? true : undefined), 5_000);

    // Down for longer than the final save retries.
    const outageMs = lib.saveWindowMs + 4_000;
    const restarted = proxy.restart(outageMs);
    await answer.done;
    // The browser is told the answer could not be saved, never left spinning.
    expect(answer.chunks.at(-1)?.type).toBe("error");
    expect(answer.chunks.at(-1)?.errorText).toMatch(/could not be saved/);
    const streamed = answer
      .deltas()
      .map((c) => c.delta)
      .join("");
    expect(streamed.split(" ")).toHaveLength(30);
    // The database missed the end: the row is still streaming, with the text of the last flush.
    if (direct) expect(await answerRow(id)).toMatchObject({ status: "streaming" });

    await restarted;
    const upAt = performance.now();
    const closed = await waitFor(
      async () => {
        const row = await answerRow(id);
        return row.status === "streaming" ? undefined : row;
      },
      lib.sweep.INTERRUPTED_AFTER_MS + lib.sweep.SWEEP_EVERY_MS + 5_000,
    );
    const closedAfterMs = performance.now() - upAt;
    console.info(
      `database down ${outageMs} ms: the sweep closed the answer ${closedAfterMs.toFixed(0)} ms after it was back`,
    );
    expect(closed).toMatchObject({
      status: "error",
      error: lib.sweep.INTERRUPTED_MESSAGE,
      finishReason: "interrupted",
    });
    // The text as last flushed before the outage: a start of the answer, without its end.
    expect(closed.text.length).toBeGreaterThan(0);
    expect(closed.text.length).toBeLessThan(streamed.length);
    expect(streamed.startsWith(closed.text)).toBe(true);
    // Within the sweep's promise (30 s from the last write), counted from the database's return.
    expect(closedAfterMs).toBeLessThan(lib.sweep.INTERRUPTED_AFTER_MS + lib.sweep.SWEEP_EVERY_MS);
    // And its usage is accounted for, estimated from the text, as for any interrupted answer.
    await waitFor(async () => {
      const { rows } = await sql<{ tokensEstimated: boolean }>(
        `SELECT "tokensEstimated" FROM "Message" WHERE "id" = $1`,
        [id],
      );
      return rows[0]?.tokensEstimated ? true : undefined;
    }, 5_000);
  }, 70_000);
});

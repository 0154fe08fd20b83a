import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { startRedisServer, type RedisServer } from "../helpers/redis-server";
import { connectPlain, type PlainRedis } from "../helpers/redis-wait";
import { answers, messages, send, waitForAnswer } from "./chat-helpers";
import { ClusterDatabase, followStream, postChat, startChat } from "./cluster-chat";
import { signalGroup, startInstance, stopInstance, type Instance } from "./cluster-instances";
import { signUp, uniqueEmail } from "./helpers";

// Issue 17 at small scale: two built instances, A and B, behind an imaginary load balancer, sharing one
// fresh PostgreSQL database, one private Redis, the secrets and a slow fake provider. What one instance
// does, the other must see (a model change), and losing one (SIGTERM, kill -9) loses nothing.
// The browser's session cookie is per host, not per port: signed in on A, it is signed in on B too.

const WORDS = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => `${tag}${i + 1}`).join(" ");
/** The worst case from a kill to the answer marked interrupted (lib/chat/interrupted-answers.ts). */
const INTERRUPTED_WITHIN_MS = 30_000;
/** Room for a loaded two-core machine on top of it. */
const SWEEP_MARGIN_MS = 6_000;
const MAX_STALE_MS = 5_000;
const MODEL_ID = "cluster-model";

let upstream: FakeOpenAI;
let redis: RedisServer;
let database: TestDatabase;
let db: ClusterDatabase;
let dataDir = "";
let settings: Record<string, string> = {};
const instances: Instance[] = [];
let a: Instance;
let b: Instance;
let context: BrowserContext;
let page: Page;
let cookie = "";

async function start(name: string): Promise<Instance> {
  const instance = await startInstance(name, settings);
  instances.push(instance);
  return instance;
}

/** Waits until the fake provider has streamed more than `chunks` pieces of request `index`. */
async function streamed(index: number, chunks: number): Promise<void> {
  await expect
    .poll(() => upstream.requests[index]?.chunksSent ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(chunks);
}

async function listedIds(instance: Instance): Promise<string[]> {
  const response = await context.request.get(`${instance.url}/api/models`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { models: { id: string }[] }).models.map((model) => model.id);
}

/** Milliseconds from `since` until `instance` lists (or no longer lists) the model; fails after 2 × 5 s. */
async function timeUntilListed(instance: Instance, listed: boolean, since: number): Promise<number> {
  for (;;) {
    const ids = await listedIds(instance);
    const elapsed = performance.now() - since;
    if (ids.includes(MODEL_ID) === listed) return elapsed;
    if (elapsed > MAX_STALE_MS * 2) throw new Error(`${instance.name} still lists ${ids.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test.describe.serial("two instances sharing PostgreSQL and Redis", () => {
  test.setTimeout(180_000);

  test.beforeAll(async ({ browser }) => {
    [upstream, redis, database] = await Promise.all([
      startFakeOpenAI(),
      startRedisServer(),
      createTestDatabase(),
    ]);
    db = new ClusterDatabase(database.url);
    dataDir = mkdtempSync(path.join(tmpdir(), "flywheel-e2e-cluster-"));
    settings = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      // What every instance of one deployment shares (docs/deploy.md).
      AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      ENCRYPTION_KEY: "e2e-cluster-encryption-key-0123456789abcdef",
      FLYWHEEL_DATA_DIR: dataDir,
      OPENAI_COMPATIBLE_BASE_URL: upstream.url,
      OPENAI_COMPATIBLE_MODELS: "fake-model",
      DEFAULT_MODEL: "fake-model",
      TITLE_GENERATION: "off",
      SHUTDOWN_GRACE_SECONDS: "30",
      LOG_LEVEL: "info",
    };
    // The database is migrated already: the two start side by side.
    [a, b] = await Promise.all([start("A"), start("B")]);
    context = await browser.newContext({ baseURL: a.url });
    page = await context.newPage();
    // The first account of this database: an admin.
    await signUp(page, "Cluster Admin", uniqueEmail("cluster"));
    cookie = (await context.cookies(a.url)).map((c) => `${c.name}=${c.value}`).join("; ");
    // Auth.js trusts the host: the same cookie is a session on B.
    expect((await context.request.get(`${b.url}/api/models`)).status()).toBe(200);
  });

  test.afterAll(async () => {
    await context?.close();
    await Promise.all(instances.map((instance) => stopInstance(instance)));
    await upstream?.close();
    await redis?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("a model disabled and enabled in Admin → Models on A is seen by B within 5 s", async () => {
    // A model of the admin's own provider (the settings' one is read-only), committed as the admin
    // actions commit a change: the rows and the registry version together.
    const [provider] = await db.query<{ id: string }>(
      `WITH p AS (
         INSERT INTO "Provider" ("type", "name", "baseUrl", "updatedAt")
         VALUES ('openai-compatible', 'Cluster server', $1, now()) RETURNING "id")
       INSERT INTO "ModelConfig" ("providerId", "modelId", "upstreamId", "displayName", "contextWindow", "updatedAt")
       SELECT "id", $2, 'fake-model', 'Cluster model', 8192, now() FROM p RETURNING "providerId"::text AS id`,
      [upstream.url, MODEL_ID],
    );
    await db.query(`UPDATE "RegistryState" SET "version" = "version" + 1 WHERE "id" = 1`);
    // Without a Redis message, the version check finds it within its period.
    await timeUntilListed(a, true, performance.now());
    await timeUntilListed(b, true, performance.now());

    const announced: string[] = [];
    const listener: PlainRedis = await connectPlain(redis.url);
    try {
      await listener.subscribe("flywheel:invalidate", (raw) => announced.push(raw));
      await page.goto(`${a.url}/admin/models/providers/${provider!.id}`);
      const row = page.getByRole("row").filter({ hasText: MODEL_ID });
      await expect(row).toContainText("Enabled");

      for (const [button, listed, shown] of [
        [`Disable ${MODEL_ID}`, false, "Disabled"],
        [`Enable ${MODEL_ID}`, true, "Enabled"],
      ] as const) {
        const clicked = performance.now();
        await page.getByRole("button", { name: button }).click();
        // From the click: A's own time is the admin action's; B's adds the way from A to B.
        const [onA, onB] = await Promise.all([
          timeUntilListed(a, listed, clicked),
          timeUntilListed(b, listed, clicked),
        ]);
        console.log(
          `${button} on A: listed so by A after ${Math.round(onA)} ms, by B after ${Math.round(onB)} ms`,
        );
        expect(onB).toBeLessThanOrEqual(MAX_STALE_MS);
        await expect(row).toContainText(shown);
      }
      // Pushed through Redis, not only found by B's next version check.
      await expect
        .poll(
          () => announced.filter((raw) => (JSON.parse(raw) as { kind: string }).kind === "registry").length,
        )
        .toBeGreaterThanOrEqual(2);
    } finally {
      await listener.close().catch(() => undefined);
    }
  });

  test("Stop pressed on A stops the answer B generates: B aborts the provider's request, the answer ends stopped", async () => {
    const full = WORDS(150, "stop");
    upstream.setScenario({ text: full, chunkDelayMs: 100 });
    const index = upstream.requests.length;
    const live = await startChat(b.url, cookie, "stop: generated on B");
    await streamed(index, 3);

    const stops: string[] = [];
    const listener: PlainRedis = await connectPlain(redis.url);
    try {
      await listener.subscribe("flywheel:stop", (raw) => stops.push(raw));
      // The answer streams on B; A shows it as it goes, with Stop.
      await page.goto(`${a.url}/c/${live.conversationId}`);
      const answer = answers(page).last();
      await expect(answer).toContainText("stop1 stop2");
      const stop = page.getByRole("button", { name: "Stop generating" });
      await expect(stop).toBeEnabled();
      expect(upstream.requests[index]!.chunksSent).toBeLessThan(150);

      const pressed = performance.now();
      await stop.click();
      await expect
        .poll(() => upstream.requests[index]!.aborted, { timeout: 5_000, intervals: [20] })
        .toBe(true);
      const abortedAfter = performance.now() - pressed;
      console.log(`B aborted the provider's request ${Math.round(abortedAfter)} ms after Stop on A`);
      expect(abortedAfter).toBeLessThan(3_000);
      expect(stops.length).toBeGreaterThanOrEqual(1);
    } finally {
      await listener.close().catch(() => undefined);
    }
    // B's own response ends as a stopped answer, and B saved it so.
    const ended = await live.ended;
    expect(ended.done).toBe(true);
    expect(ended.chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "stopped" } });
    const row = await db.answer(live.answerId);
    expect(row).toMatchObject({ status: "stopped" });
    expect(row!.text.length).toBeGreaterThan(0);
    expect(full.startsWith(row!.text) && row!.text.length < full.length).toBe(true);
    // The page on A shows the stopped answer, no longer streaming.
    const answer = answers(page).last();
    await expect(answer).toHaveAttribute("data-status", "stopped");
    await expect(answer).toContainText("Stopped");
    await expect(page.getByRole("button", { name: "Stop generating" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Send message" })).toBeVisible();
  });

  test("an answer asked on A, opened on B while it streams: the text so far at once, then live to the end", async () => {
    const full = WORDS(160, "resume");
    upstream.setScenario({ text: full, chunkDelayMs: 100 });
    const question = "resume: asked on A, read on B";
    const index = upstream.requests.length;
    await page.goto(`${a.url}/`);
    await send(page, question);
    await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
    await expect(answers(page).last()).toContainText("resume1 resume2");
    const conversationPath = new URL(page.url()).pathname;

    // The resume endpoint on the other instance: one piece with the text so far, then the live rest.
    const [row] = await db.answersTo(question);
    const resumed = await followStream(
      await fetch(`${b.url}/api/chat/answers/${row!.id}/stream`, { headers: { cookie } }),
    );
    expect(resumed.answerId).toBe(row!.id);
    const missing = await fetch(`${b.url}/api/chat/answers/${randomUUID()}/stream`, { headers: { cookie } });
    expect(missing.status).toBe(404);

    // The same conversation on the other instance, as a load balancer would send a reload.
    await page.goto(`${b.url}${conversationPath}`);
    const answer = answers(page).last();
    await expect(answer).toContainText("resume1 resume2 resume3");
    const first = (await answer.innerText()).length;
    // Shown while A is still generating, not once the answer was saved whole.
    expect(upstream.requests[index]!.chunksSent).toBeLessThan(150);
    await expect(page.getByRole("button", { name: "Stop generating" })).toBeVisible();
    // Live: it grows without a reload, to the whole answer.
    await expect.poll(async () => (await answer.innerText()).length).toBeGreaterThan(first);
    await expect(answer).toContainText("resume159 resume160", { timeout: 30_000 });
    await expect(answer).toHaveAttribute("data-status", "complete");
    await waitForAnswer(page);
    expect(upstream.requests.length).toBe(index + 1);
    expect(await db.answersTo(question)).toMatchObject([{ status: "complete", text: full }]);
    const { chunks, done } = await resumed.ended;
    expect(done).toBe(true);
    const deltas = chunks.filter((chunk) => chunk.type === "text-delta").map((chunk) => chunk.delta ?? "");
    expect(deltas[0]!.length).toBeGreaterThan(0);
    expect(deltas.length).toBeGreaterThan(1);
    expect(resumed.text()).toBe(full);
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
    await expect(answers(page)).toHaveCount(1);
  });

  test("SIGTERM on A: new chats get 503 and store nothing, B serves, A's answer finishes, A exits 0", async () => {
    const full = WORDS(80, "drain");
    upstream.setScenario({ text: full, chunkDelayMs: 100 });
    const index = upstream.requests.length;
    const inFlight = await startChat(a.url, cookie, "drain: in flight on A");
    await streamed(index, 2);

    signalGroup(a, "SIGTERM");
    await expect
      .poll(async () => (await fetch(`${a.url}/api/ready`).catch(() => undefined))?.status, {
        intervals: [100],
      })
      .toBe(503);
    upstream.setScenario({ text: "B answers while A drains.", chunkDelayMs: 5 });
    const refused = await postChat(a.url, cookie, "drain: refused by A");
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    await refused.text();
    // Still in flight when A refused: the drain, not the end of the answer, made A refuse.
    expect(upstream.requests[index]!.chunksSent).toBeLessThan(80);

    const onB = await startChat(b.url, cookie, "drain: served by B");
    const fromB = await onB.ended;
    expect(fromB.done).toBe(true);
    expect(onB.text()).toBe("B answers while A drains.");
    expect(fromB.chunks.at(-1)?.type).toBe("finish");

    const finished = await inFlight.ended;
    expect(finished.done).toBe(true);
    expect(finished.chunks.at(-1)?.type).toBe("finish");
    expect(inFlight.text()).toBe(full);
    expect(await a.exited).toEqual({ code: 0, signal: null });

    expect(await db.answer(inFlight.answerId)).toMatchObject({ status: "complete", text: full });
    expect(await db.answersTo("drain: served by B")).toMatchObject([
      { status: "complete", text: "B answers while A drains." },
    ]);
    expect(await db.messagesWithText("drain: refused by A")).toBe(0);
    expect(upstream.requests[index]!.aborted).toBe(false);
  });

  test("kill -9 on A mid-answer: B marks it interrupted within 30 s, keeps its text, and Retry answers", async () => {
    a = await start("A (restarted)");
    const full = WORDS(150, "kill");
    upstream.setScenario({ text: full, chunkDelayMs: 100 });
    const question = "kill: asked on A";
    const live = await startChat(a.url, cookie, question);
    // Mid-answer, after at least one save of the partial text (every second while text arrives).
    await expect
      .poll(async () => (await db.answer(live.answerId))?.text.length ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(0);

    signalGroup(a, "SIGKILL");
    const killedAt = performance.now();
    expect(await a.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect((await live.ended).done).toBe(false);
    const saved = await db.answer(live.answerId);
    expect(saved).toMatchObject({ status: "streaming" });
    expect(saved!.text.length).toBeGreaterThan(0);
    expect(full.startsWith(saved!.text) && saved!.text.length < full.length).toBe(true);
    // The question was stored before the model was called.
    expect(await db.messagesWithText(question)).toBe(1);

    // On B at once, while the row is still "streaming": the text so far, then, without a reload, the
    // notice when whichever instance sweeps first closes the row. It never keeps spinning.
    await page.goto(`${b.url}/c/${live.conversationId}`);
    await expect(messages(page)).toContainText(question);
    const answer = answers(page).last();
    const firstWords = saved!.text.split(" ").slice(0, 3).join(" ");
    await expect(answer).toContainText(firstWords);

    await expect
      .poll(async () => (await db.answer(live.answerId))?.status, {
        timeout: INTERRUPTED_WITHIN_MS + SWEEP_MARGIN_MS,
        intervals: [250],
      })
      .toBe("error");
    const markedAfter = performance.now() - killedAt;
    console.log(
      `The killed instance's answer was marked interrupted after ${(markedAfter / 1000).toFixed(1)} s`,
    );
    await expect(answer.getByRole("alert")).toContainText("This answer was interrupted");
    const closed = await db.answer(live.answerId);
    expect(closed).toMatchObject({
      id: live.answerId,
      status: "error",
      error: "This answer was interrupted.",
    });
    // Up to the last save at least; further when the live record (Redis, every 0.1 s) had more.
    const kept = closed!.text.trim();
    expect(kept.startsWith(saved!.text.trim()) && full.startsWith(kept)).toBe(true);
    // The page that followed it live shows what is stored, as a reload does: no more, no less.
    await expect(answer).toContainText(kept);
    const nextWord = full.slice(kept.length).trim().split(" ")[0]!;
    await expect(answer).not.toContainText(`${kept.split(" ").at(-1)} ${nextWord}`);
    await expect(answer.getByRole("button", { name: "Retry" })).toBeEnabled();
    await expect(answer.getByLabel("Thinking")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Stop generating" })).toHaveCount(0);

    // Opened again on B: the same, from the stored row.
    await page.reload();
    await expect(answer.getByRole("alert")).toContainText("This answer was interrupted");
    await expect(answer).toContainText(kept);
    await expect(answer.getByLabel("Thinking")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Stop generating" })).toHaveCount(0);

    upstream.setScenario({ text: "Retried on B, complete.", chunkDelayMs: 5 });
    const before = upstream.requests.length;
    await answer.getByRole("button", { name: "Retry" }).click();
    await waitForAnswer(page);
    await expect(answers(page).last()).toContainText("Retried on B, complete.");
    await expect(answers(page).last()).toHaveAttribute("data-status", "complete");
    expect(upstream.requests.length).toBe(before + 1);
    expect((await db.answersTo(question)).map((row) => row.status)).toEqual(["error", "complete"]);
  });
});

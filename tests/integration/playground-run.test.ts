import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { addProvider } from "../helpers/registry-rows";
import { startRouteServer } from "../helpers/route-server";
import type { db } from "@/lib/db/client";
import type { RunEvent } from "@/lib/playground/run-events";
import type { stopGeneration } from "@/lib/chat/stop-generation";
import type { forgetAppSettings, updateFeatureSettings } from "@/lib/settings/app-settings";
import type { invalidateRegistry } from "@/lib/models/registry";

// POST /api/playground/run over real HTTP with a session cookie, the fake OpenAI-compatible upstream
// and a real database: what a run stores, what it streams, and what it refuses (writing nothing).
let fake: FakeOpenAI;
let server: Awaited<ReturnType<typeof startRouteServer>>;
let lib: {
  db: typeof db;
  stopGeneration: typeof stopGeneration;
  updateFeatureSettings: typeof updateFeatureSettings;
  forgetAppSettings: typeof forgetAppSettings;
  invalidateRegistry: typeof invalidateRegistry;
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model,fake-two";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.CHAT_RATE_LIMIT_PER_MINUTE = "100";
  process.env.PROVIDER_TIMEOUT_MS = "3000";
  const { playgroundRunResponse } = await import("@/lib/playground/run-route");
  lib = {
    db: (await import("@/lib/db/client")).db,
    stopGeneration: (await import("@/lib/chat/stop-generation")).stopGeneration,
    updateFeatureSettings: (await import("@/lib/settings/app-settings")).updateFeatureSettings,
    forgetAppSettings: (await import("@/lib/settings/app-settings")).forgetAppSettings,
    invalidateRegistry: (await import("@/lib/models/registry")).invalidateRegistry,
  };
  server = await startRouteServer([
    { path: "/api/playground/run", methods: { POST: playgroundRunResponse } },
  ]);
});
afterAll(async () => {
  await server.close();
  await fake.close();
});
beforeEach(async () => {
  await resetDatabase();
  lib.forgetAppSettings();
  lib.invalidateRegistry();
  fake.setScenario({ words: 8, chunkDelayMs: 1, failWith: undefined, failTimes: undefined, text: undefined });
  fake.requests.length = 0;
});

async function cookieFor(userId: string): Promise<string> {
  const salt = "authjs.session-token";
  const token = await encode({ token: { uid: userId, sub: userId }, secret: process.env.AUTH_SECRET!, salt });
  return `${salt}=${token}`;
}

async function post(userId: string | null, body: unknown) {
  return fetch(`${server.url}/api/playground/run`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(userId && { cookie: await cookieFor(userId) }) },
    body: JSON.stringify(body),
  });
}

async function events(response: Response, onEvent?: (event: RunEvent) => void): Promise<RunEvent[]> {
  const text = await new Response(
    response.body!.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          controller.enqueue(chunk);
          for (const line of new TextDecoder().decode(chunk).split("\n")) {
            if (line.trim() && onEvent) onEvent(JSON.parse(line) as RunEvent);
          }
        },
      }),
    ),
  ).text();
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as RunEvent);
}

const setup = (overrides: Record<string, unknown> = {}) => ({
  models: ["fake-model"],
  systemPrompt: "Answer in one line.",
  messages: [
    { role: "user", content: "What is 2 + 2?" },
    { role: "assistant", content: "4." },
    { role: "user", content: "And 3 + 3?" },
  ],
  params: {},
  ...overrides,
});

async function nothingWritten() {
  expect(await lib.db().conversation.count()).toBe(0);
  expect(await lib.db().message.count()).toBe(0);
  expect(await lib.db().rateLimit.count()).toBe(0);
  expect(fake.requests.filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(0);
}

describe("a playground run", () => {
  it("stores one playground conversation with its system prompt, the chain and the answer's parameters", async () => {
    const { user } = await createUser();
    const params = {
      temperature: 0.3,
      topP: 0.9,
      maxOutputTokens: 50,
      stopSequences: ["END"],
      seed: 42,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      responseFormat: { type: "json", schema: '{"type":"object"}' },
    };
    const response = await post(user.id, setup({ params }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const all = await events(response);
    const run = all[0]! as Extract<RunEvent, { type: "run" }>;
    expect(run.type).toBe("run");
    expect(run.answers.map((a) => a.modelId)).toEqual(["fake-model"]);
    const end = all.find((e) => e.type === "end")!;
    expect(end).toMatchObject({ status: "complete", error: null, outputTokens: 8 });
    expect(end.type === "end" && end.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);

    const conversation = await lib.db().conversation.findUniqueOrThrow({
      where: { id: run.conversationId },
      include: { messages: { orderBy: { createdAt: "asc" } } },
    });
    expect(conversation).toMatchObject({
      userId: user.id,
      source: "playground",
      systemPrompt: "Answer in one line.",
      modelId: "fake-model",
      currentLeafId: run.answers[0]!.id,
    });
    const [q1, a1, q2, answer] = conversation.messages;
    expect([q1, a1, q2].map((m) => [m!.role, m!.text])).toEqual([
      ["user", "What is 2 + 2?"],
      ["assistant", "4."],
      ["user", "And 3 + 3?"],
    ]);
    expect(q1!.parentId).toBeNull();
    expect(a1!.parentId).toBe(q1!.id);
    expect(q2!.parentId).toBe(a1!.id);
    expect(run.promptId).toBe(q2!.id);
    expect(answer).toMatchObject({
      role: "assistant",
      parentId: q2!.id,
      status: "complete",
      outputTokens: 8,
    });
    expect(answer!.params).toMatchObject({
      seed: 42,
      temperature: 0.3,
      topP: 0.9,
      maxOutputTokens: 50,
      stopSequences: ["END"],
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      responseFormat: { type: "json", schema: { type: "object" } },
    });
    // What the provider was sent: the whole set-up, as written.
    const sent = fake.requests.find((r) => r.path.endsWith("/chat/completions"))!.body as Record<
      string,
      unknown
    >;
    expect(sent).toMatchObject({
      model: "fake-model",
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 50,
      stop: ["END"],
      seed: 42,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      response_format: { type: "json_schema" },
      messages: [
        { role: "system", content: "Answer in one line." },
        { role: "user", content: "What is 2 + 2?" },
        { role: "assistant", content: "4." },
        { role: "user", content: "And 3 + 3?" },
      ],
    });
    // Usage is counted under the playground, as the chat's is under the chat.
    expect(await lib.db().usageDaily.findMany({ select: { source: true, answers: true } })).toEqual([
      { source: "playground", answers: 1 },
    ]);
  });

  it("compares models side by side: one conversation, the answers siblings under the last user message", async () => {
    const { user } = await createUser();
    const all = await events(
      await post(user.id, setup({ models: ["fake-model", "fake-two", "offline-demo"] })),
    );
    const run = all[0] as Extract<RunEvent, { type: "run" }>;
    expect(run.answers.map((a) => a.modelId)).toEqual(["fake-model", "fake-two", "offline-demo"]);
    expect(all.filter((e) => e.type === "end").map((e) => e.type === "end" && e.status)).toEqual([
      "complete",
      "complete",
      "complete",
    ]);
    // Each column streamed its own text.
    for (const answer of run.answers) {
      expect(all.some((e) => e.type === "text" && e.id === answer.id)).toBe(true);
    }
    expect(await lib.db().conversation.count()).toBe(1);
    const answers = await lib.db().message.findMany({
      where: { role: "assistant", parentId: run.promptId },
      orderBy: { createdAt: "asc" },
    });
    expect(answers.map((a) => [a.id, a.modelId, a.status])).toEqual(
      run.answers.map((a) => [a.id, a.modelId, "complete"]),
    );
  });

  it("keeps the other columns when one model fails, with the failure's message in its column", async () => {
    const { user } = await createUser();
    fake.setScenario({ failWith: { status: 500, body: { error: { message: "boom" } } } });
    const all = await events(await post(user.id, setup({ models: ["fake-model", "offline-demo"] })));
    const ends = all.filter((e) => e.type === "end");
    const run = all[0] as Extract<RunEvent, { type: "run" }>;
    const byId = new Map(ends.map((e) => [e.id, e]));
    expect(byId.get(run.answers[0]!.id)).toMatchObject({ status: "error" });
    expect(byId.get(run.answers[0]!.id)?.error).toBeTruthy();
    expect(byId.get(run.answers[1]!.id)).toMatchObject({ status: "complete" });
    const stored = await lib.db().message.findMany({
      where: { parentId: run.promptId },
      select: { status: true },
    });
    expect(stored.map((m) => m.status).sort()).toEqual(["complete", "error"]);
    // The set-up is kept: a failed model loses nothing the user wrote.
    expect(await lib.db().message.count({ where: { role: "user" } })).toBe(2);
  });

  it("stops on Stop and keeps the partial answer", async () => {
    const { user, actor } = await createUser();
    fake.setScenario({ words: 400, chunkDelayMs: 20 });
    let answerId: string | null = null;
    let stopped = false;
    const all = await events(await post(user.id, setup()), (event) => {
      if (event.type === "run") answerId = event.answers[0]!.id;
      if (event.type === "text" && !stopped && answerId) {
        stopped = true;
        void lib.stopGeneration(actor, { messageId: answerId });
      }
    });
    const end = all.find((e) => e.type === "end");
    expect(end).toMatchObject({ status: "stopped" });
    const answer = await lib.db().message.findUniqueOrThrow({ where: { id: answerId! } });
    expect(answer.status).toBe("stopped");
    expect(answer.text.length).toBeGreaterThan(0);
    expect(answer.text.split(" ").length).toBeLessThan(400);
  });
});

describe("a refused run writes nothing", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["no message", { messages: [] }, "Add a message to run."],
    [
      "an empty message",
      {
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "  " },
          { role: "user", content: "?" },
        ],
      },
      "Message 2 is empty.",
    ],
    [
      "a last message from the assistant",
      {
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello" },
        ],
      },
      "The last message must be from the user: the model answers it.",
    ],
    [
      "an invalid JSON schema",
      { params: { responseFormat: { type: "json", schema: "{not json" } } },
      "The JSON schema is not a valid JSON object.",
    ],
    ["a temperature out of range", { params: { temperature: 3 } }, "Temperature is at most 2."],
    ["a negative maximum", { params: { maxOutputTokens: 0 } }, "Maximum tokens is at least 1."],
    ["an unknown model", { models: ["no-such-model"] }, 'Unknown model "no-such-model"'],
    [
      "a parameter the model cannot take",
      { models: ["offline-demo"], params: { presencePenalty: 1 } },
      "Presence penalty cannot be set here. The offline demo model ignores it.",
    ],
    [
      "JSON from a model that cannot write it",
      { models: ["offline-demo"], params: { responseFormat: { type: "json" } } },
      "JSON output is not available. The offline demo model writes prose only.",
    ],
    ["five models", { models: ["a", "b", "c", "d", "e"] }, "Compare at most 4 models."],
  ];
  it.each(cases)("%s", async (_name, overrides, message) => {
    const { user } = await createUser();
    const response = await post(user.id, setup(overrides));
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { message: string; fieldErrors: Record<string, string> };
    };
    expect(body.error.message).toContain(message);
    expect(Object.keys(body.error.fieldErrors).length).toBeGreaterThan(0);
    await nothingWritten();
  });

  it("a model the user may not use (an admins-only model), while an admin may", async () => {
    await addProvider({ baseUrl: fake.url, models: [{ modelId: "staff-model", allowedRoles: ["ADMIN"] }] });
    lib.invalidateRegistry();
    const { user } = await createUser();
    const response = await post(user.id, setup({ models: ["fake-model", "staff-model"] }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { message: string; fieldErrors: Record<string, string> };
    };
    expect(Object.keys(body.error.fieldErrors)).toEqual(["models.1"]);
    expect(body.error.fieldErrors["models.1"]).toContain('Unknown model "staff-model"');
    await nothingWritten();

    const admin = await createUser({ role: "ADMIN" });
    const ok = await post(admin.user.id, setup({ models: ["staff-model"] }));
    expect(ok.status).toBe(200);
    expect((await events(ok)).at(-1)).toMatchObject({ type: "end", status: "complete" });
  });

  it("anonymous callers, and users when the playground is for admins only", async () => {
    expect((await post(null, setup())).status).toBe(401);
    const admin = await createUser({ role: "ADMIN" });
    await lib.updateFeatureSettings(admin.actor, { playgroundAdminsOnly: true });
    const { user } = await createUser();
    const refused = await post(user.id, setup());
    expect(refused.status).toBe(404);
    await nothingWritten();
    const ok = await post(admin.user.id, setup());
    expect(ok.status).toBe(200);
    await events(ok);
    expect(
      await lib.db().conversation.count({ where: { userId: admin.user.id, source: "playground" } }),
    ).toBe(1);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { startRouteServer } from "../helpers/route-server";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";
// Types only: the modules are loaded in beforeAll, once the settings are in place.
import type { db } from "@/lib/db/client";
import type { createApiKey } from "@/lib/api-keys/api-keys";
import type { forgetApiKeys } from "@/lib/api-keys/verify";
import type { markInterruptedAnswers } from "@/lib/chat/interrupted-answers";
import type { createCompletionRoute } from "@/lib/api/completions/completion-route";
import type { serveCompletion } from "@/lib/api/node/serve-completion";
import type { apiOptions } from "@/lib/api/api-route";

// POST /api/v1/chat/completions served over real HTTP to the official `openai` SDK, with a real
// OpenAI-compatible HTTP server as the upstream and a real database.
let fake: FakeOpenAI;
let server: Awaited<ReturnType<typeof startRouteServer>>;
/** Requests the completions route received, to tell the SDK's retries. */
let posts = 0;
let handlers: {
  route: typeof createCompletionRoute;
  node: typeof serveCompletion;
  options: typeof apiOptions;
};
let lib: {
  db: typeof db;
  createApiKey: typeof createApiKey;
  forgetApiKeys: typeof forgetApiKeys;
  markInterruptedAnswers: typeof markInterruptedAnswers;
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.API_RATE_LIMIT_PER_MINUTE = "40";
  process.env.API_MAX_BODY_BYTES = String(1024 * 1024);
  process.env.PROVIDER_TIMEOUT_MS = "1500";
  process.env.API_CORS_ORIGINS = "https://tool.example";
  handlers = {
    route: (await import("@/lib/api/completions/completion-route")).createCompletionRoute,
    node: (await import("@/lib/api/node/serve-completion")).serveCompletion,
    options: (await import("@/lib/api/api-route")).apiOptions,
  };
  lib = {
    db: (await import("@/lib/db/client")).db,
    createApiKey: (await import("@/lib/api-keys/api-keys")).createApiKey,
    forgetApiKeys: (await import("@/lib/api-keys/verify")).forgetApiKeys,
    markInterruptedAnswers: (await import("@/lib/chat/interrupted-answers")).markInterruptedAnswers,
  };
});
afterAll(async () => {
  await fake.close();
});

/**
 * The same route two ways: the route handler Next.js mounts (what `next dev` serves), and the
 * node:http handler the production server runs it with (lib/api/node/serve-completion.ts).
 */
const TRANSPORTS = ["route handler", "node:http handler"] as const;

function startTransport(transport: (typeof TRANSPORTS)[number]) {
  const { route, node, options } = handlers;
  return startRouteServer([
    {
      path: "/api/v1/chat/completions",
      methods: {
        POST: (request, context) => {
          posts++;
          return route(request, context);
        },
        OPTIONS: options,
      },
      ...(transport === "node:http handler" && {
        node: {
          POST: (req, res) => {
            posts++;
            return node(req, res);
          },
        },
      }),
    },
  ]);
}
beforeEach(async () => {
  await resetDatabase();
  lib.forgetApiKeys();
  fake.setScenario({
    words: 8,
    chunkDelayMs: 1,
    failWith: undefined,
    failTimes: undefined,
    text: undefined,
    firstChunkDelayMs: undefined,
    cutAfterChunks: undefined,
  });
  fake.requests.length = 0;
});

const client = (apiKey: string, maxRetries = 0) =>
  new OpenAI({ apiKey, baseURL: `${server.url}/api/v1`, maxRetries });

async function newKey(scopes = ["chat", "feedback"]) {
  const { actor, user } = await createUser();
  const { key, apiKey } = await lib.createApiKey(actor, { name: "test", scopes });
  return { key, keyId: apiKey.id, user, actor };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function waitFor<T>(check: () => Promise<T | null | undefined>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function post(key: string | null, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/v1/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key && { authorization: `Bearer ${key}` }),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe.each(TRANSPORTS)("through the %s", (transport) => {
  beforeAll(async () => {
    server = await startTransport(transport);
  });
  afterAll(() => server.close());

  describe("chat completions", () => {
    it("answers without streaming in OpenAI's shape and stores the call as an API conversation", async () => {
      const { key, keyId, user } = await newKey();
      fake.setScenario({ text: "Paris is the capital.", usage: { promptTokens: 11, completionTokens: 4 } });
      const { data, response } = await client(key)
        .chat.completions.create({
          model: "fake-model",
          messages: [
            { role: "system", content: "Be brief." },
            {
              role: "user",
              content: [
                { type: "text", text: "Capital of " },
                { type: "text", text: "France?" },
              ],
            },
          ],
        })
        .withResponse();
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(data).toMatchObject({
        object: "chat.completion",
        model: "fake-model",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: "Paris is the capital.", refusal: null },
            logprobs: null,
            finish_reason: "stop",
          },
        ],
        usage: { prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 },
      });
      expect(data.id).toMatch(/^chatcmpl-/);
      expect(Math.abs(data.created - Date.now() / 1000)).toBeLessThan(30);
      const answerId = data.id.slice("chatcmpl-".length);
      expect(answerId).toMatch(UUID);

      const conversationId = response.headers.get("flywheel-conversation-id")!;
      const conversation = await lib.db().conversation.findUniqueOrThrow({
        where: { id: conversationId },
        include: { messages: { orderBy: { createdAt: "asc" } } },
      });
      expect(conversation).toMatchObject({
        userId: user.id,
        source: "api",
        apiKeyId: keyId,
        systemPrompt: "Be brief.",
        currentLeafId: answerId,
        title: "Capital of France?",
      });
      expect(conversation.messages.map((m) => [m.role, m.text, m.status])).toEqual([
        ["user", "Capital of France?", "complete"],
        ["assistant", "Paris is the capital.", "complete"],
      ]);
      expect(conversation.messages[1]).toMatchObject({ id: answerId, inputTokens: 11, outputTokens: 4 });
      expect(conversation.messages[1]!.parentId).toBe(conversation.messages[0]!.id);
      // The upstream got the system prompt and the joined text parts.
      expect(fake.requests.at(-1)!.body).toMatchObject({
        model: "fake-model",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Capital of France?" },
        ],
      });
      const usage = await lib.db().usageDaily.findMany({ where: { userId: user.id } });
      expect(usage).toHaveLength(1);
      expect(usage[0]).toMatchObject({ source: "api", inputTokens: 11n, outputTokens: 4n });
    });

    it("streams OpenAI's chunks, with usage when asked, through the SDK and on the wire", async () => {
      const { key } = await newKey();
      fake.setScenario({ text: "one two three four", usage: { promptTokens: 3, completionTokens: 4 } });
      const stream = await client(key).chat.completions.create({
        model: "fake-model",
        messages: [{ role: "user", content: "Count" }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("one two three four");
      expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
      expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
      expect(chunks.at(-2)!.choices[0]).toMatchObject({ delta: {}, finish_reason: "stop" });
      expect(chunks.at(-1)).toMatchObject({
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      });

      // The bytes: data lines only, usage null on every choice chunk, and [DONE] last.
      const response = await post(key, {
        model: "fake-model",
        messages: [{ role: "user", content: "Count" }],
        stream: true,
        stream_options: { include_usage: true },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/event-stream");
      const events = (await response.text()).split("\n\n").filter(Boolean);
      expect(events.at(-1)).toBe("data: [DONE]");
      const parsed = events.slice(0, -1).map((e) => {
        expect(e.startsWith("data: ")).toBe(true);
        return JSON.parse(e.slice(6)) as { object: string; usage: unknown; choices: unknown[] };
      });
      for (const chunk of parsed.slice(0, -1)) {
        expect(chunk).toMatchObject({ object: "chat.completion.chunk", usage: null });
        expect(chunk.choices).toHaveLength(1);
      }
      expect(parsed.at(-1)!.choices).toEqual([]);

      // Without include_usage the chunks carry no usage key at all.
      const plain = await (
        await post(key, { model: "fake-model", messages: [{ role: "user", content: "x" }], stream: true })
      ).text();
      expect(plain).not.toContain('"usage"');
      expect(plain.trimEnd().endsWith("data: [DONE]")).toBe(true);
    });

    it("passes every supported parameter on and records them with the answer", async () => {
      const { key } = await newKey();
      const { data, response } = await client(key)
        .chat.completions.create({
          model: "fake-model",
          messages: [
            { role: "developer", content: "JSON only." },
            { role: "user", content: "Give me JSON" },
          ],
          temperature: 0.3,
          top_p: 0.9,
          max_completion_tokens: 3,
          stop: ["END"],
          seed: 42,
          presence_penalty: 0.5,
          frequency_penalty: -0.5,
          response_format: {
            type: "json_schema",
            json_schema: { name: "answer", schema: { type: "object" }, strict: true },
          },
          user: "customer-7",
        })
        .withResponse();
      expect(fake.requests.at(-1)!.body).toMatchObject({
        temperature: 0.3,
        top_p: 0.9,
        max_tokens: 3,
        stop: ["END"],
        seed: 42,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
        response_format: {
          type: "json_schema",
          json_schema: { name: "answer", schema: { type: "object" }, strict: true },
        },
      });
      // The fake stops at the token limit, as a real server does.
      expect(data.choices[0]!.finish_reason).toBe("length");
      const answer = await lib.db().message.findUniqueOrThrow({ where: { id: data.id.slice(9) } });
      expect(answer.params).toMatchObject({
        seed: 42,
        temperature: 0.3,
        topP: 0.9,
        maxOutputTokens: 3,
        user: "customer-7",
      });
      expect(response.headers.get("flywheel-conversation-id")).toMatch(UUID);

      await client(key).chat.completions.create({
        model: "fake-model",
        messages: [{ role: "user", content: "json" }],
        response_format: { type: "json_object" },
        max_tokens: 5,
      });
      expect(fake.requests.at(-1)!.body).toMatchObject({
        response_format: { type: "json_object" },
        max_tokens: 5,
      });
    });

    it("continues a conversation named by its header, so a multi-turn program builds one tree", async () => {
      const { key } = await newKey();
      fake.setScenario({ text: "First answer." });
      const first = await client(key)
        .chat.completions.create({ model: "fake-model", messages: [{ role: "user", content: "Hi" }] })
        .withResponse();
      const conversationId = first.response.headers.get("flywheel-conversation-id")!;
      fake.setScenario({ text: "Second answer." });
      // The whole history, as OpenAI's API expects it, with the header naming the conversation.
      const history = [
        { role: "user" as const, content: "Hi" },
        { role: "assistant" as const, content: "First answer." },
        { role: "user" as const, content: "And then?" },
      ];
      const second = await client(key)
        .chat.completions.create(
          { model: "fake-model", messages: history },
          { headers: { "flywheel-conversation-id": conversationId } },
        )
        .withResponse();
      expect(second.response.headers.get("flywheel-conversation-id")).toBe(conversationId);
      // The same question again: a second answer beside the first, not a second copy of the question.
      await client(key).chat.completions.create(
        { model: "fake-model", messages: history },
        { headers: { "flywheel-conversation-id": conversationId } },
      );
      const messages = await lib
        .db()
        .message.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } });
      expect(messages.map((m) => [m.role, m.text])).toEqual([
        ["user", "Hi"],
        ["assistant", "First answer."],
        ["user", "And then?"],
        ["assistant", "Second answer."],
        ["assistant", "Second answer."],
      ]);
      expect(messages[1]!.id).toBe(first.data.id.slice(9));
      expect(messages[2]!.parentId).toBe(messages[1]!.id);
      expect(messages[3]!.parentId).toBe(messages[2]!.id);
      expect(messages[4]!.parentId).toBe(messages[2]!.id);
      expect(await lib.db().conversation.count()).toBe(1);
      // The upstream saw the whole history.
      expect((fake.requests.at(-1)!.body as { messages: unknown[] }).messages).toHaveLength(3);

      // Someone else's conversation, or a malformed id, is refused without writing anything.
      const other = await newKey();
      await expect(
        client(other.key).chat.completions.create(
          { model: "fake-model", messages: [{ role: "user", content: "Hi" }] },
          { headers: { "flywheel-conversation-id": conversationId } },
        ),
      ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      await expect(
        client(key).chat.completions.create(
          { model: "fake-model", messages: [{ role: "user", content: "Hi" }] },
          { headers: { "flywheel-conversation-id": "nope" } },
        ),
      ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
      expect(await lib.db().conversation.count()).toBe(1);
    });

    it("keeps nothing but the usage figures when store is false", async () => {
      const { key, user } = await newKey();
      fake.setScenario({ text: "Not kept.", usage: { promptTokens: 5, completionTokens: 2 } });
      const { data, response } = await client(key)
        .chat.completions.create({
          model: "fake-model",
          messages: [{ role: "user", content: "Secret" }],
          store: false,
        })
        .withResponse();
      expect(data.choices[0]!.message.content).toBe("Not kept.");
      expect(response.headers.get("flywheel-conversation-id")).toBeNull();
      expect(await lib.db().conversation.count()).toBe(0);
      expect(await lib.db().message.count()).toBe(0);
      const usage = await lib.db().usageDaily.findMany({ where: { userId: user.id } });
      expect(usage).toMatchObject([{ source: "api", inputTokens: 5n, outputTokens: 2n }]);
    });

    it("counts an API answer whose instance died under the api source", async () => {
      const { key, user } = await newKey();
      // The answer's row is written; its instance then "dies": nothing finishes or touches it.
      fake.setScenario({ words: 30, firstChunkDelayMs: 2_000 });
      const pending = post(key, { model: "fake-model", messages: [{ role: "user", content: "Hi" }] });
      const answer = await waitFor(() =>
        lib.db().message.findFirst({ where: { role: "assistant", status: "streaming" } }),
      );
      await lib.db().message.update({ where: { id: answer.id }, data: { text: "partial words here" } });
      expect(await lib.markInterruptedAnswers(0)).toContain(answer.id);
      const usage = await lib.db().usageDaily.findMany({ where: { userId: user.id } });
      expect(usage).toMatchObject([{ source: "api", answers: 1 }]);
      await (await pending).text();
    });

    it("gives a listed origin its CORS headers, on answers and on errors, and no other origin", async () => {
      const { key } = await newKey();
      const body = { model: "fake-model", messages: [{ role: "user", content: "Hi" }], stream: true };
      const listed = { origin: "https://tool.example" };
      const answered = await post(key, body, listed);
      expect(answered.status).toBe(200);
      expect(answered.headers.get("access-control-allow-origin")).toBe("https://tool.example");
      expect(answered.headers.get("access-control-expose-headers")).toContain("flywheel-conversation-id");
      expect(await answered.text()).toContain("data: [DONE]");
      const refused = await post(null, body, listed);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("access-control-allow-origin")).toBe("https://tool.example");
      const other = await post(key, body, { origin: "https://evil.example" });
      expect(other.status).toBe(200);
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      await other.text();
    });

    it("stores the answer of a client that disconnects mid-stream", async () => {
      const { key } = await newKey();
      fake.setScenario({ words: 40, chunkDelayMs: 10 });
      const response = await post(
        key,
        { model: "fake-model", messages: [{ role: "user", content: "Long one" }], stream: true },
        {},
      );
      const reader = response.body!.getReader();
      await reader.read();
      await reader.cancel();
      const answer = await waitFor(() =>
        lib.db().message.findFirst({ where: { role: "assistant", status: "complete" } }),
      );
      expect(answer.text.split(" ")).toHaveLength(40);
    });
  });

  describe("chat completion errors", () => {
    const bad = async (key: string, body: Record<string, unknown>) => {
      const error = await client(key)
        .chat.completions.create(body as never)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      return error as InstanceType<typeof OpenAI.BadRequestError>;
    };
    const hi = [{ role: "user", content: "Hi" }];

    it("names the parameter it refuses, and writes nothing", async () => {
      const { key } = await newKey();
      expect((await bad(key, { model: "fake-model", messages: hi, n: 2 })).param).toBe("n");
      expect(
        (await bad(key, { model: "fake-model", messages: hi, tools: [{ type: "function" }] })).param,
      ).toBe("tools");
      const unknown = await bad(key, { model: "fake-model", messages: hi, temprature: 1 });
      expect(unknown).toMatchObject({ param: "temprature", code: "unknown_parameter" });
      expect((await bad(key, { model: "fake-model", messages: [] })).param).toBe("messages");
      expect(
        (await bad(key, { model: "fake-model", messages: [{ role: "robot", content: "x" }] })).param,
      ).toBe("messages[0].role");
      expect(
        (await bad(key, { model: "fake-model", messages: [{ role: "tool", content: "x" }] })).param,
      ).toBe("messages[0].role");
      expect((await bad(key, { model: "fake-model", messages: hi, temperature: "hot" })).param).toBe(
        "temperature",
      );
      expect((await bad(key, { model: "fake-model", messages: hi, temperature: 3 })).param).toBe(
        "temperature",
      );
      expect((await bad(key, { messages: hi })).param).toBe("model");
      expect(
        (await bad(key, { model: "fake-model", messages: hi, stream_options: { include_usage: true } }))
          .param,
      ).toBe("stream_options");
      const last = await bad(key, {
        model: "fake-model",
        messages: [...hi, { role: "assistant", content: "x" }],
      });
      expect(last.param).toBe("messages");
      const image = await bad(key, {
        model: "fake-model",
        messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }],
      });
      expect(image.param).toMatch(/^messages\[0\]\.content/);
      expect(
        (await bad(key, { model: "fake-model", messages: [{ role: "user", content: "a\u0000b" }] })).param,
      ).toBe("messages[0].content");
      expect(
        (await bad(key, { model: "fake-model", messages: [{ role: "user", content: "a\ud800b" }] })).param,
      ).toBe("messages[0].content");
      const json = await bad(key, {
        model: "offline-demo",
        messages: hi,
        response_format: { type: "json_object" },
      });
      expect(json).toMatchObject({ param: "response_format", code: "unsupported_parameter" });
      expect(await lib.db().message.count()).toBe(0);
      expect(fake.requests).toHaveLength(0);
    });

    it("answers bad JSON with 400, other bodies with 415, and a 10 MB body with 413", async () => {
      const { key } = await newKey();
      const invalid = await post(key, "{not json");
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({
        error: { type: "invalid_request_error", code: "invalid_json" },
      });
      const form = await post(key, "a=b", { "content-type": "application/x-www-form-urlencoded" });
      expect(form.status).toBe(415);
      const huge = await post(key, {
        model: "fake-model",
        messages: [{ role: "user", content: "x".repeat(10_000_000) }],
      });
      expect(huge.status).toBe(413);
      expect(await huge.json()).toMatchObject({ error: { code: "request_too_large", param: null } });
      expect(await lib.db().message.count()).toBe(0);
    });

    it("maps keys, scopes and models to the SDK's error classes", async () => {
      const { key } = await newKey();
      const feedbackOnly = await newKey(["feedback"]);
      const body = { model: "fake-model", messages: [{ role: "user" as const, content: "Hi" }] };
      await expect(client("fw-not-a-real-key").chat.completions.create(body)).rejects.toBeInstanceOf(
        OpenAI.AuthenticationError,
      );
      await expect(client(feedbackOnly.key).chat.completions.create(body)).rejects.toBeInstanceOf(
        OpenAI.PermissionDeniedError,
      );
      const missing = await client(key)
        .chat.completions.create({ ...body, model: "no-such-model" })
        .catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
      expect(missing).toMatchObject({ param: "model", code: "model_not_found" });
    });

    it("holds a flood of 1,000 requests from one key to its limit, with retry-after, and keeps the others going", async () => {
      const { key } = await newKey();
      const other = await newKey();
      fake.setScenario({ words: 1, chunkDelayMs: 0 });
      const body = { model: "fake-model", messages: [{ role: "user", content: "Hi" }] };
      const responses: Response[] = [];
      // Ten waves of 100 at once (about a second's worth on an idle machine).
      for (let wave = 0; wave < 10; wave++) {
        responses.push(...(await Promise.all(Array.from({ length: 100 }, () => post(key, body)))));
      }
      const limited = responses.filter((r) => r.status === 429);
      expect(responses.filter((r) => r.status === 200)).toHaveLength(40);
      expect(limited).toHaveLength(960);
      expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await limited[0]!.json()).toMatchObject({
        error: { type: "rate_limit_error", code: "rate_limit_exceeded" },
      });
      await Promise.all(responses.filter((r) => !r.bodyUsed).map((r) => r.text()));
      // Nothing half-written: each admitted request is one question and one complete answer.
      await waitFor(
        async () => (await lib.db().message.count({ where: { status: "streaming" } })) === 0 || null,
      );
      expect(await lib.db().message.count({ where: { role: "user" } })).toBe(40);
      expect(await lib.db().message.count({ where: { role: "assistant", status: "complete" } })).toBe(40);
      await expect(client(key).chat.completions.create(body as never)).rejects.toBeInstanceOf(
        OpenAI.RateLimitError,
      );
      expect((await post(other.key, body)).status).toBe(200);
    });

    it("refuses a disabled account's key at once, even where the key is still cached", async () => {
      const { key, user } = await newKey();
      const body = { model: "fake-model", messages: [{ role: "user" as const, content: "Hi" }] };
      await client(key).chat.completions.create(body); // the key is now cached here
      // Disabled on another instance: this one's cache is not told, but the completion's own
      // statement checks the account.
      await lib.db().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
      await expect(client(key).chat.completions.create(body)).rejects.toBeInstanceOf(
        OpenAI.AuthenticationError,
      );
      expect(await lib.db().message.count({ where: { role: "user" } })).toBe(1);
    });

    it("refuses a user past their monthly budget with 429 insufficient_quota that the SDK does not retry", async () => {
      const { key, user } = await newKey();
      fake.setScenario({ text: "Spent.", usage: { promptTokens: 10, completionTokens: 5 } });
      await lib.db().budget.create({ data: { userId: user.id, unit: "tokens", monthlyLimit: 12 } });
      const body = { model: "fake-model", messages: [{ role: "user" as const, content: "Hi" }] };
      await client(key).chat.completions.create(body);
      const before = posts;
      const refused = await client(key, 2)
        .chat.completions.create(body)
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
      expect(refused).toMatchObject({ code: "insufficient_quota", type: "insufficient_quota" });
      const headers = (refused as InstanceType<typeof OpenAI.RateLimitError>).headers;
      expect(Number(headers.get("retry-after"))).toBeGreaterThan(0);
      expect(headers.get("x-should-retry")).toBe("false");
      expect(posts - before).toBe(1); // no retry

      expect(await lib.db().message.count({ where: { role: "user" } })).toBe(1);
    });

    it("turns upstream failures into 502 and 504 with the user's message kept, and the SDK retries a 429", async () => {
      const { key } = await newKey();
      const body = { model: "fake-model", messages: [{ role: "user" as const, content: "Hi" }] };
      fake.setScenario({ failWith: { status: 500 } });
      const failed = await client(key)
        .chat.completions.create(body)
        .catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
      expect(failed).toMatchObject({ status: 502, code: "upstream_error" });
      const streamed = await post(key, { ...body, stream: true });
      expect(streamed.status).toBe(502);
      expect(await lib.db().message.count({ where: { role: "user", text: "Hi" } })).toBe(2);
      expect(await lib.db().message.count({ where: { role: "assistant", status: "error" } })).toBe(2);

      fake.setScenario({ failWith: undefined, firstChunkDelayMs: 3_000 });
      const slow = await client(key)
        .chat.completions.create(body)
        .catch((e: unknown) => e);
      expect(slow).toMatchObject({ status: 504, code: "upstream_timeout" });

      // The provider rate-limits once; the SDK waits as told and its retry gets the answer.
      fake.setScenario({
        firstChunkDelayMs: undefined,
        text: "After a retry.",
        failWith: { status: 429, headers: { "retry-after-ms": "50" } },
        failTimes: 1,
      });
      const retried = await client(key, 2).chat.completions.create(body);
      expect(retried.choices[0]!.message.content).toBe("After a retry.");
      expect(fake.requests.filter((r) => r.path.endsWith("/chat/completions")).length).toBeGreaterThanOrEqual(
        2,
      );
    });

    it("ends a stream that breaks midway with an error chunk the SDK raises", async () => {
      const { key } = await newKey();
      fake.setScenario({ words: 20, cutAfterChunks: 3 });
      const stream = await client(key).chat.completions.create({
        model: "fake-model",
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
      });
      let text = "";
      const error = await (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(text.length).toBeGreaterThan(0);
      const answer = await waitFor(() =>
        lib.db().message.findFirst({ where: { role: "assistant", status: "error" } }),
      );
      expect(answer.text).toBe(text);
    });
  });
});

// What only the production server's handler does itself (Next.js adds these from next.config.mjs).
describe("the node:http handler", () => {
  beforeAll(async () => {
    server = await startTransport("node:http handler");
  });
  afterAll(() => server.close());

  it("sends the security headers every response of Next.js carries, on streams, answers and errors", async () => {
    const { key } = await newKey();
    const messages = [{ role: "user", content: "Hi" }];
    const responses = [
      await post(key, { model: "fake-model", messages, stream: true }),
      await post(key, { model: "fake-model", messages }),
      await post(key, { model: "no-such-model", messages }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404]);
    for (const response of responses) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        expect(response.headers.get(name)).toBe(value);
      }
      await response.text();
    }
  });
});

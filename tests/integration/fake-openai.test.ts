import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, generateText, streamText } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeProviderError } from "@/lib/ai/provider-errors";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";

// The fake server driven through the real AI SDK provider, as Flywheel's chat does: if the SDK
// accepts what it sends, the chat pipeline tests built on it test the real thing.
let fake: FakeOpenAI;
let model: ReturnType<ReturnType<typeof createOpenAICompatible>["chatModel"]>;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  model = createOpenAICompatible({
    baseURL: fake.url,
    name: "fake",
    apiKey: "test-key",
    includeUsage: true,
  }).chatModel("fake-model");
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.setScenario({
    words: 20,
    text: undefined,
    chunkDelayMs: 1,
    firstChunkDelayMs: undefined,
    wordsPerChunk: 1,
    failWith: undefined,
    cutAfterChunks: undefined,
    usage: undefined,
  });
});

async function run(options: { abortSignal?: AbortSignal; maxRetries?: number } = {}) {
  const result = streamText({
    model,
    prompt: "Tell me about foxes",
    maxRetries: options.maxRetries ?? 0,
    abortSignal: options.abortSignal,
    onError: () => {}, // errors are asserted from the stream, not logged
  });
  let text = "";
  const errors: unknown[] = [];
  let aborted = false;
  let usage: { inputTokens?: number; outputTokens?: number } | undefined;
  try {
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") text += part.text;
      else if (part.type === "error") errors.push(part.error);
      else if (part.type === "abort") aborted = true;
      else if (part.type === "finish") usage = part.totalUsage;
    }
  } catch (error) {
    // A stream that breaks after it began rejects the iteration instead of yielding an error part.
    errors.push(error);
  }
  return { text, errors, aborted, usage };
}

async function waitFor(check: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("fake OpenAI-compatible server", () => {
  it("streams the scenario's exact text with usage, and records the request", async () => {
    const text = "Foxes are  small\nomnivores, aren't they? ✓";
    fake.setScenario({ text, wordsPerChunk: 2 });
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.text).toBe(text);
    expect(result.usage).toMatchObject({ inputTokens: 4, outputTokens: 7 });

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      aborted: false,
      chunksSent: 4,
    });
    expect(request.headers.authorization).toBe("Bearer test-key");
    expect(request.body).toMatchObject({
      model: "fake-model",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Tell me about foxes" }],
    });
  });

  it("generates `words` words and honours an explicit usage", async () => {
    fake.setScenario({ words: 7, usage: { promptTokens: 11, completionTokens: 13 } });
    const result = await run();
    expect(result.text.split(" ")).toHaveLength(7);
    expect(result.usage).toMatchObject({ inputTokens: 11, outputTokens: 13 });
  });

  it("follows the wire format byte for byte", async () => {
    fake.setScenario({ text: "Hi there" });
    const response = await fetch(`${fake.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "m",
        stream: true,
        stream_options: { include_usage: true },
        messages: [],
      }),
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const raw = await response.text();
    expect(raw.endsWith("data: [DONE]\n\n")).toBe(true);
    const events = raw.split("\n\n").filter(Boolean);
    expect(events.every((event) => event.startsWith("data: ") && !event.includes("\n"))).toBe(true);
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice(6)) as Record<string, unknown>);
    expect(chunks.map((chunk) => chunk.choices)).toEqual([
      [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }],
      [{ index: 0, delta: { content: "Hi " }, logprobs: null, finish_reason: null }],
      [{ index: 0, delta: { content: "there" }, logprobs: null, finish_reason: null }],
      [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }],
      [],
    ]);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk" && chunk.model === "m")).toBe(
      true,
    );
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 0, completion_tokens: 2, total_tokens: 2 });
  });

  it("answers without streaming and lists its models", async () => {
    fake.setScenario({ text: "A plain answer." });
    const { text, usage } = await generateText({ model, prompt: "Hello", maxRetries: 0 });
    expect(text).toBe("A plain answer.");
    expect(usage).toMatchObject({ inputTokens: 1, outputTokens: 3 });
    const list = (await (await fetch(`${fake.url}/models`)).json()) as unknown;
    expect(list).toEqual({
      object: "list",
      data: [{ id: "fake-model", object: "model", created: 0, owned_by: "flywheel-tests" }],
    });
  });

  it("surfaces a 429 with its retry-after, also after the SDK's retries", async () => {
    fake.setScenario({ failWith: { status: 429, headers: { "retry-after": "1" } } });
    const once = await run();
    expect(once.text).toBe("");
    expect(APICallError.isInstance(once.errors[0])).toBe(true);
    expect((once.errors[0] as APICallError).statusCode).toBe(429);
    expect(describeProviderError(once.errors[0])).toEqual({
      status: 429,
      retryAfterSeconds: 1,
      message: "The model provider is rate-limiting requests. Try again in 1 s.",
    });

    fake.requests.length = 0;
    const retried = await run({ maxRetries: 1 });
    expect(fake.requests).toHaveLength(2); // the SDK waited the second and tried again
    expect(describeProviderError(retried.errors[0]).retryAfterSeconds).toBe(1);
  });

  it("maps 401 and 500 to their messages", async () => {
    fake.setScenario({ failWith: { status: 401 } });
    expect(describeProviderError((await run()).errors[0]).status).toBe(401);
    fake.setScenario({ failWith: { status: 500, body: { error: { message: "internal at 10.0.0.3" } } } });
    const described = describeProviderError((await run()).errors[0]);
    expect(described).toEqual({
      status: 500,
      message: "The model provider had an error (HTTP 500). Try again.",
    });
  });

  it("errors when the connection is cut mid-stream, after the chunks sent so far", async () => {
    fake.setScenario({ words: 30, cutAfterChunks: 5 });
    const result = await run();
    expect(result.text).toBe("the quick brown fox jumps ");
    expect(result.errors).toHaveLength(1);
    expect(describeProviderError(result.errors[0]).message).toBe(
      "The connection to the model provider was interrupted.",
    );
    expect(fake.requests[0]).toMatchObject({ cut: true, aborted: false, chunksSent: 5 });
  });

  it("stops streaming when the client aborts", async () => {
    fake.setScenario({ words: 500, chunkDelayMs: 10 });
    const controller = new AbortController();
    const result = streamText({ model, prompt: "Go on", maxRetries: 0, abortSignal: controller.signal });
    let deltas = 0;
    for await (const part of result.fullStream) {
      if (part.type === "text-delta" && ++deltas === 3) controller.abort();
    }
    await waitFor(() => fake.requests[0]?.aborted === true);
    const sent = fake.requests[0]!.chunksSent;
    expect(sent).toBeLessThan(20);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.requests[0]!.chunksSent).toBe(sent); // no timer kept writing
  });

  it("waits firstChunkDelayMs before the first chunk", async () => {
    fake.setScenario({ words: 2, firstChunkDelayMs: 150, chunkDelayMs: 0 });
    const started = performance.now();
    const result = streamText({ model, prompt: "Hi", maxRetries: 0 });
    for await (const part of result.fullStream) if (part.type === "text-delta") break;
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("lets the SDK's first-chunk timeout fire; streamText reports it as an abort with a reason", async () => {
    fake.setScenario({ words: 3, firstChunkDelayMs: 1000 });
    const result = streamText({ model, prompt: "Hi", maxRetries: 0, timeout: { firstChunkMs: 100 } });
    const parts: { type: string; reason?: string }[] = [];
    for await (const part of result.fullStream) parts.push(part);
    const abort = parts.find((part) => part.type === "abort");
    expect(abort?.reason).toMatch(/^TimeoutError: /);
    expect(describeProviderError(abort?.reason).message).toBe("The model provider did not answer in time.");
    await waitFor(() => fake.requests[0]?.aborted === true);
    expect(fake.requests[0]!.chunksSent).toBe(0);
  });

  it("serves 250 concurrent streams", async () => {
    fake.setScenario({ words: 30, chunkDelayMs: 5 });
    const results = await Promise.all(
      Array.from({ length: 250 }, async () => {
        const response = await fetch(`${fake.url}/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }),
        });
        return (await response.text()).endsWith("data: [DONE]\n\n");
      }),
    );
    expect(results.every(Boolean)).toBe(true);
    expect(fake.requests.filter((request) => request.chunksSent === 30)).toHaveLength(250);
  });
});

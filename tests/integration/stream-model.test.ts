import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeProviderError } from "@/lib/ai/provider-errors";
import { streamModel, toPrompt, type StreamModelInput } from "@/lib/ai/stream-model";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";

// lib/ai/stream-model.ts calls the provider's doStream itself (not streamText), or for
// OpenAI-compatible servers its own lean client, so it owns the timeouts, aborts and errors that
// streamText used to handle: each is driven here through both paths — the real AI SDK provider and the
// lean client — against the project's fake server, with the same expectations.
let fake: FakeOpenAI;
let model: StreamModelInput["model"];
let upstream: StreamModelInput["upstream"];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  model = createOpenAICompatible({
    baseURL: fake.url,
    name: "fake",
    includeUsage: true,
  }).chatModel("fake-model");
  upstream = { baseURL: fake.url, apiKey: undefined, modelId: "fake-model" };
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.setScenario({
    words: 12,
    text: undefined,
    chunkDelayMs: 1,
    firstChunkDelayMs: undefined,
    failWith: undefined,
    cutAfterChunks: undefined,
    usage: undefined,
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

let lean = false;

function call(overrides: Partial<StreamModelInput> = {}) {
  const deltas: string[] = [];
  const result = streamModel({
    model,
    upstream: lean ? upstream : undefined,
    system: "Be brief.",
    messages: [
      { role: "user", text: "Hi" },
      { role: "assistant", text: "Hello." },
      { role: "user", text: "Tell me about foxes" },
    ],
    seed: 7,
    signal: new AbortController().signal,
    timeoutMs: 5_000,
    onText: (delta) => void deltas.push(delta),
    ...overrides,
  });
  return { deltas, result };
}

it("toPrompt leaves the system message out when there is no system prompt", () => {
  expect(toPrompt("", [{ role: "user", text: "Hi" }])).toEqual([
    { role: "user", content: [{ type: "text", text: "Hi" }] },
  ]);
});

describe.each([
  ["the AI SDK provider", false],
  ["the lean Chat Completions client", true],
])("streamModel through %s", (_name, useLean) => {
  beforeEach(() => {
    lean = useLean;
  });

  it("reports the prompt-cache hits of the usage (prompt_tokens_details.cached_tokens)", async () => {
    fake.setScenario({
      text: "Cached.",
      usage: { promptTokens: 1200, completionTokens: 2, cachedTokens: 1024 },
    });
    const { result } = call();
    expect(await result).toEqual({
      finishReason: "stop",
      inputTokens: 1200,
      cachedInputTokens: 1024,
      outputTokens: 2,
    });
  });

  it("sends the system prompt, the branch and the seed, streams every delta and reports usage", async () => {
    fake.setScenario({ text: "Foxes are small canids.", usage: { promptTokens: 11, completionTokens: 5 } });
    const { deltas, result } = call();
    // No cache hit reported: the SDK says 0, the lean client null; both are stored as 0.
    expect(await result).toMatchObject({ finishReason: "stop", inputTokens: 11, outputTokens: 5 });
    expect((await result).cachedInputTokens ?? 0).toBe(0);
    expect(deltas.join("")).toBe("Foxes are small canids.");
    expect(deltas.length).toBeGreaterThan(1);
    expect(fake.requests[0]!.body).toMatchObject({
      stream: true,
      seed: 7,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello." },
        { role: "user", content: "Tell me about foxes" },
      ],
    });
  });

  it("rejects with the provider's HTTP error (a 429 keeps its Retry-After)", async () => {
    fake.setScenario({ failWith: { status: 429, headers: { "retry-after": "17" } } });
    const error = await call().result.catch((e: unknown) => e);
    expect(describeProviderError(error)).toMatchObject({ status: 429, retryAfterSeconds: 17 });
  });

  it("rejects when the stream is cut mid-way, after the deltas that arrived", async () => {
    fake.setScenario({ words: 40, cutAfterChunks: 5 });
    const { deltas, result } = call();
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(deltas.length).toBeGreaterThanOrEqual(4);
    expect(describeProviderError(error).message).toMatch(/interrupted|could not answer/);
  });

  it("times out when the first chunk does not come, and closes the upstream request", async () => {
    fake.setScenario({ words: 3, firstChunkDelayMs: 2_000 });
    const started = performance.now();
    const error = await call({ timeoutMs: 150 }).result.catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(describeProviderError(error).message).toBe("The model provider did not answer in time.");
    await waitFor(() => fake.requests[0]?.aborted === true);
    expect(fake.requests[0]!.chunksSent).toBe(0);
  });

  it("times out between chunks too, but not while chunks keep coming", async () => {
    fake.setScenario({ words: 20, chunkDelayMs: 40 });
    // 20 chunks 40 ms apart take 800 ms in all: longer than the timeout, yet never silent for 150 ms.
    expect((await call({ timeoutMs: 150 }).result).finishReason).toBe("stop");

    fake.setScenario({ words: 5, chunkDelayMs: 600, firstChunkDelayMs: 1 });
    const { deltas, result } = call({ timeoutMs: 150 });
    const error = await result.catch((e: unknown) => e);
    expect(deltas).toHaveLength(1);
    expect(describeProviderError(error).message).toBe("The model provider did not answer in time.");
  });

  it("an abort (Stop) rejects with the abort's reason and aborts the upstream request", async () => {
    fake.setScenario({ words: 200, chunkDelayMs: 10 });
    const controller = new AbortController();
    const stop = new Error("stopped by the user");
    const { deltas, result } = call({
      signal: controller.signal,
      onText: (delta) => {
        deltas.push(delta);
        if (deltas.length === 3) controller.abort(stop);
      },
    });
    await expect(result).rejects.toBe(stop);
    expect(deltas).toHaveLength(3);
    await waitFor(() => fake.requests[0]?.aborted === true);
    expect(fake.requests[0]!.chunksSent).toBeLessThan(50);
  });
});

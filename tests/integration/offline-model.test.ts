import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createOfflineModel, offlineAnswer } from "@/lib/ai/offline-model";
import { generateTitle } from "@/lib/ai/title";

// The offline model through the real AI SDK, as the chat uses it: no provider, no network.
const model = createOfflineModel({ wordDelayMs: 0 });

async function stream(prompt: string, options: { seed?: number; abortAfterDeltas?: number } = {}) {
  const controller = new AbortController();
  const result = streamText({ model, prompt, seed: options.seed, abortSignal: controller.signal });
  const deltas: string[] = [];
  let aborted = false;
  let finish: { finishReason: string; inputTokens?: number; outputTokens?: number } | undefined;
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") {
      deltas.push(part.text);
      if (deltas.length === options.abortAfterDeltas) controller.abort();
    } else if (part.type === "abort") aborted = true;
    else if (part.type === "finish") finish = { finishReason: part.finishReason, ...part.totalUsage };
  }
  return { deltas, text: deltas.join(""), aborted, finish };
}

describe("offline demo model", () => {
  it("streams a markdown answer word by word, with usage and finish reason", async () => {
    const { deltas, text, finish } = await stream("Explain binary search in simple terms", { seed: 1 });
    expect(text).toBe(offlineAnswer("Explain binary search in simple terms", 1));
    expect(text).toContain('You asked: "Explain binary search in simple terms"');
    expect(text.match(/^- /gm)).toHaveLength(3);
    expect(text).toMatch(/```ts\n[\s\S]*explain[\s\S]*\n```/);
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "_This is Flywheel's offline demo model. Set OPENAI_API_KEY, ANTHROPIC_API_KEY or OPENAI_COMPATIBLE_BASE_URL to chat with a real model._",
    );
    // One delta per word, each carrying the whitespace that follows it.
    expect(deltas.every((delta) => /^\S+\s*$/.test(delta))).toBe(true);
    expect(finish).toMatchObject({ finishReason: "stop", inputTokens: 6, outputTokens: deltas.length });
  });

  it("is byte-identical for the same prompt and seed, and differs across seeds", async () => {
    const prompt = "How do I cache API responses?";
    const [a, b, c] = await Promise.all([
      stream(prompt, { seed: 7 }),
      stream(prompt, { seed: 7 }),
      stream(prompt, { seed: 8 }),
    ]);
    expect(a.text).toBe(b.text);
    expect(c.text).not.toBe(a.text);
    const listOf = (text: string) => text.match(/^- .*$/gm)!.join("\n");
    const codeOf = (text: string) => /```ts\n([\s\S]*?)```/.exec(text)![1];
    expect(listOf(c.text) !== listOf(a.text) || codeOf(c.text) !== codeOf(a.text)).toBe(true);
  });

  it("stops early on abort, keeping the partial text", async () => {
    const full = offlineAnswer("Tell me a long story", 0);
    const { text, aborted, finish } = await stream("Tell me a long story", { abortAfterDeltas: 5 });
    expect(aborted).toBe(true);
    expect(finish).toBeUndefined();
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan(full.length / 2);
    expect(full.startsWith(text)).toBe(true);
  });

  it("stops promptly while waiting between words", async () => {
    const slow = createOfflineModel({ wordDelayMs: 1000 });
    const controller = new AbortController();
    const result = streamText({ model: slow, prompt: "Hi", abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const parts: string[] = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(performance.now() - started).toBeLessThan(500);
    expect(parts).toContain("abort");
    expect(parts).not.toContain("text-delta");
  });

  it("answers generateText, and titles fall back to the heuristic", async () => {
    const { text, usage, finishReason } = await generateText({ model, prompt: "What is Rust?", seed: 3 });
    expect(text).toBe(offlineAnswer("What is Rust?", 3));
    expect(finishReason).toBe("stop");
    expect(usage.inputTokens).toBe(3);
    expect(await generateTitle(model, "What is Rust? I keep hearing about it.", text)).toBe("What is Rust?");
  });
});

import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { generateTitle, sanitizeTitle, titleFromMessage } from "@/lib/ai/title";

describe("titleFromMessage", () => {
  it.each([
    ["How do I reverse a list in Python?", "How do I reverse a list in Python?"],
    ["Explain closures. Then give an example.", "Explain closures"],
    ["  \n\n  Fix   this\tbug please  \nmore lines", "Fix this bug please"],
    ["# Deploying **Next.js** on `Docker`", "Deploying Next.js on Docker"],
    ["> - quoted *list* item", "quoted list item"],
    ["Read [the docs](https://example.com/docs) first", "Read the docs first"],
    ["```ts\nconst x = 1;\n```\nWhy does this fail?", "Why does this fail?"],
    ["Summarise: <b>bold</b> claims", "Summarise: bold claims"],
    ["keep snake_case_names intact", "keep snake_case_names intact"],
    ["Is 3.14 close to pi?", "Is 3.14 close to pi?"],
  ])("%j → %j", (text, title) => {
    expect(titleFromMessage(text)).toBe(title);
  });

  it("cuts at a word boundary with an ellipsis, at most 60 characters", () => {
    const title = titleFromMessage(
      "Please compare the performance characteristics of several popular sorting algorithms in detail",
    );
    expect(title).toBe("Please compare the performance characteristics of several…");
    expect(title.length).toBeLessThanOrEqual(60);
  });

  it("cuts a single very long word where it is", () => {
    const title = titleFromMessage("x".repeat(100));
    expect(title).toBe(`${"x".repeat(59)}…`);
  });

  it.each(["", "   \n\t ", "```\nonly code\n```", "***"])("falls back to New chat for %j", (text) => {
    expect(titleFromMessage(text)).toBe("New chat");
  });
});

describe("sanitizeTitle", () => {
  it.each([
    ['"Sorting Algorithms Compared."', "Sorting Algorithms Compared"],
    ["Title: **Rust ownership basics**\nExtra line", "Rust ownership basics"],
    ["<think>the user wants a title</think>\n“Python list tricks”", "Python list tricks"],
    ["'Why Python's GIL matters'", "Why Python's GIL matters"],
  ])("%j → %j", (raw, title) => {
    expect(sanitizeTitle(raw)).toBe(title);
  });

  it("returns null for an empty answer", () => {
    expect(sanitizeTitle(' \n"" ')).toBeNull();
  });
});

const answer = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: {
    inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 1, text: 1, reasoning: undefined },
  },
  warnings: [],
});

describe("long messages", () => {
  // Lines of these took 0.7–1.8 s each at 32,000 characters before only the start was scanned: the
  // limit is far above what a scan of the first thousand characters costs, and far below the old time.
  it.each([["[".repeat(32_000)], ["<a".repeat(16_000)], ["![a](".repeat(6_400)]])(
    "titles a 32,000-character pathological line quickly",
    (text) => {
      const started = performance.now();
      expect(titleFromMessage(text)).toBeTruthy();
      expect(performance.now() - started).toBeLessThan(150);
    },
  );

  it("still titles a long message from its first line", () => {
    expect(titleFromMessage(`Why is this slow?\n${"[".repeat(32_000)}`)).toBe("Why is this slow?");
  });

  it("drops NUL characters and lone surrogates from a model's title", () => {
    expect(sanitizeTitle("Bad\u0000 bytes \ud800here")).toBe("Bad bytes \ufffdhere");
  });
});

describe("generateTitle", () => {
  it("uses the model's cleaned-up answer", async () => {
    const model = new MockLanguageModelV4({ doGenerate: answer('"Binary search explained."') });
    expect(await generateTitle(model, "How does binary search work?", "It halves…")).toBe(
      "Binary search explained",
    );
    expect(model.doGenerateCalls[0]!.prompt[0]).toMatchObject({ role: "system" });
  });

  it("falls back to the heuristic when the model fails or says nothing", async () => {
    const failing = new MockLanguageModelV4({
      doGenerate: () => Promise.reject(new Error("boom")),
    });
    expect(await generateTitle(failing, "How does binary search work?", "")).toBe(
      "How does binary search work?",
    );
    const silent = new MockLanguageModelV4({ doGenerate: answer("  ") });
    expect(await generateTitle(silent, "Hello there", "")).toBe("Hello there");
  });

  it("does not call the offline model", async () => {
    const offline = new MockLanguageModelV4({ provider: "offline", doGenerate: answer("Never used") });
    expect(await generateTitle(offline, "Plan a trip to Lisbon. Three days.", "")).toBe(
      "Plan a trip to Lisbon",
    );
    expect(offline.doGenerateCalls).toHaveLength(0);
  });
});

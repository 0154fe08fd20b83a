import { describe, expect, it } from "vitest";
import { SHOWN_TEXT_MAX_CHARS, shownText } from "@/lib/chat/shown-text";
import { toChatMessage } from "@/lib/chat/serialize";

describe("shownText", () => {
  it("keeps a text up to the limit whole", () => {
    const text = "a".repeat(SHOWN_TEXT_MAX_CHARS);
    expect(shownText(text)).toBe(text);
  });

  it("cuts a longer text at the limit and says how much is not shown", () => {
    const shown = shownText("b".repeat(SHOWN_TEXT_MAX_CHARS + 1_234_567));
    expect(shown.startsWith("b".repeat(SHOWN_TEXT_MAX_CHARS))).toBe(true);
    expect(shown).toContain("1,234,567 more characters not shown");
    expect(shown.length).toBeLessThan(SHOWN_TEXT_MAX_CHARS + 200);
  });

  it("never cuts inside a surrogate pair", () => {
    const text = `${"c".repeat(SHOWN_TEXT_MAX_CHARS - 1)}😀${"d".repeat(10)}`;
    const shown = shownText(text);
    expect(shown.slice(0, SHOWN_TEXT_MAX_CHARS - 1)).toBe("c".repeat(SHOWN_TEXT_MAX_CHARS - 1));
    expect(shown.charAt(SHOWN_TEXT_MAX_CHARS - 1)).toBe("\n");
    expect(shown).toContain("12 more characters not shown");
  });

  it("is what a page gets of a stored message", () => {
    const row = {
      id: "m",
      parentId: null,
      role: "assistant" as const,
      text: "e".repeat(9 * 1024 * 1024),
      createdAt: new Date(0),
      status: "complete" as const,
      error: null,
      modelId: null,
      inputTokens: null,
      cachedInputTokens: null,
      outputTokens: null,
      tokensEstimated: false,
      costUsd: null,
      timeToFirstTokenMs: null,
      durationMs: null,
    };
    expect(toChatMessage(row).text.length).toBeLessThan(SHOWN_TEXT_MAX_CHARS + 200);
  });
});

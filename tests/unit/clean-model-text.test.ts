import { describe, expect, it } from "vitest";
import { cleanModelText } from "@/lib/ai/clean-model-text";

describe("cleanModelText", () => {
  it.each([
    ["plain text", "plain text"],
    ["a\u0000b\u0000", "ab"],
    ["high \ud83d alone", "high \ufffd alone"],
    ["low \ude00 alone", "low \ufffd alone"],
    ["ends with \ud83d", "ends with \ufffd"],
    ["\ude00 starts", "\ufffd starts"],
    ["reversed \ude00\ud83d pair", "reversed \ufffd\ufffd pair"],
  ])("%j → %j", (raw, clean) => {
    expect(cleanModelText(raw)).toBe(clean);
  });

  it("keeps surrogate pairs (emoji, rare CJK) as they are", () => {
    const text = "smile 😀 and 𠀋 and 👩‍👩‍👧";
    expect(cleanModelText(text)).toBe(text);
  });

  it("leaves text PostgreSQL accepts in both text and jsonb", () => {
    const clean = cleanModelText("x\u0000\ud800y");
    expect(JSON.stringify(clean)).not.toMatch(/\\u0000|\\ud[89ab]/i);
  });
});

import { describe, expect, it } from "vitest";
import { contextBudget } from "@/lib/ai/context-budget";
import {
  estimateTokens,
  fitToContextWindow,
  trimToContextWindow,
  type ContextTurn,
} from "@/lib/ai/context-window";
import { countContext, loadCounter } from "@/lib/usage/token-count";

// 36 characters → ceil(36 / 4) + 4 = 13 estimated tokens per message.
const text = "x".repeat(36);
const user = (label = ""): ContextTurn => ({ role: "user", text: label ? label.padEnd(36, ".") : text });
const assistant = (label = ""): ContextTurn => ({
  role: "assistant",
  text: label ? label.padEnd(36, ".") : text,
});

describe("trimToContextWindow", () => {
  it("estimates ceil(characters / 4) + 4 tokens per message", () => {
    expect(estimateTokens("")).toBe(4);
    expect(estimateTokens("abcd")).toBe(5);
    expect(estimateTokens("abcde")).toBe(6);
    expect(estimateTokens(text)).toBe(13);
  });

  it("keeps everything that fits", () => {
    const messages = [user("q1"), assistant("a1"), user("q2")];
    expect(trimToContextWindow({ system: "", messages, contextWindow: 1000 })).toEqual({
      messages,
      droppedCount: 0,
    });
  });

  it("drops the oldest messages first, and never opens with an assistant message", () => {
    const messages = [user("q1"), assistant("a1"), user("q2"), assistant("a2"), user("q3")];
    // Room for 4 messages (52 tokens): q1 goes, which would leave a1 first, so a1 goes too.
    const result = trimToContextWindow({ system: "", messages, contextWindow: 52, reserveForAnswer: 0 });
    expect(result.messages.map((m) => m.text.slice(0, 2))).toEqual(["q2", "a2", "q3"]);
    expect(result.droppedCount).toBe(2);
  });

  it("counts the system prompt and the reserve for the answer", () => {
    const messages = [user("q1"), assistant("a1"), user("q2")];
    const all = trimToContextWindow({ system: "", messages, contextWindow: 39, reserveForAnswer: 0 });
    expect(all.droppedCount).toBe(0);
    const withSystem = trimToContextWindow({
      system: text,
      messages,
      contextWindow: 39,
      reserveForAnswer: 0,
    });
    expect(withSystem.messages.map((m) => m.text.slice(0, 2))).toEqual(["q2"]);
    const withReserve = trimToContextWindow({
      system: "",
      messages,
      contextWindow: 39,
      reserveForAnswer: 13,
    });
    expect(withReserve.messages.map((m) => m.text.slice(0, 2))).toEqual(["q2"]);
  });

  it("reserves a quarter of the window (at most 4096) for the answer by default", () => {
    const messages = [user("q1"), assistant("a1"), user("q2")];
    // A window of 52 leaves 39 tokens for the conversation: all three fit; 50 leaves 38.
    expect(trimToContextWindow({ system: "", messages, contextWindow: 52 }).droppedCount).toBe(0);
    expect(trimToContextWindow({ system: "", messages, contextWindow: 50 }).droppedCount).toBe(2);
    // 100,000 − 4096 = 95,904 tokens: the question (13) plus an older message of up to 95,891.
    const older = (chars: number): ContextTurn => ({ role: "user", text: "o".repeat(chars) });
    const fits = [older((95_891 - 4) * 4), user("q")];
    expect(trimToContextWindow({ system: "", messages: fits, contextWindow: 100_000 }).droppedCount).toBe(0);
    const tooBig = [older((95_891 - 4) * 4 + 1), user("q")];
    expect(trimToContextWindow({ system: "", messages: tooBig, contextWindow: 100_000 }).droppedCount).toBe(
      1,
    );
  });

  it("keeps the last user message even when it alone is too big", () => {
    const huge: ContextTurn = { role: "user", text: "y".repeat(10_000) };
    const messages = [user("q1"), assistant("a1"), huge];
    const result = trimToContextWindow({ system: text, messages, contextWindow: 100 });
    expect(result).toEqual({ messages: [huge], droppedCount: 2 });
  });

  it("keeps what follows the last user message with it", () => {
    const messages = [user("q1"), assistant("a1"), user("q2"), assistant("a2")];
    const result = trimToContextWindow({ system: "", messages, contextWindow: 10, reserveForAnswer: 0 });
    expect(result.messages.map((m) => m.text.slice(0, 2))).toEqual(["q2", "a2"]);
  });

  it("does not keep an older message past one that was dropped", () => {
    const big: ContextTurn = { role: "assistant", text: "z".repeat(400) };
    const messages = [user("q1"), big, user("q2")];
    const result = trimToContextWindow({ system: "", messages, contextWindow: 40, reserveForAnswer: 0 });
    expect(result.messages.map((m) => m.text.slice(0, 2))).toEqual(["q2"]);
  });

  it("keeps extra fields of the messages it returns", () => {
    const messages = [{ role: "user" as const, text: "hi", id: "m1" }];
    expect(trimToContextWindow({ system: "", messages, contextWindow: 100 }).messages[0]!.id).toBe("m1");
  });

  it("handles an empty conversation", () => {
    expect(trimToContextWindow({ system: "s", messages: [], contextWindow: 100 })).toEqual({
      messages: [],
      droppedCount: 0,
    });
  });
});

describe("fitToContextWindow", () => {
  // cl100k_base (the encoding of every non-OpenAI model id): "hello" then " hello" × (n − 1) is n tokens.
  const words = (n: number) => `hello${" hello".repeat(n - 1)}`;
  const question: ContextTurn = { role: "user", text: "And now?" };

  it("keeps a conversation whose bytes alone fit, without counting", async () => {
    const messages = [user("q1"), assistant("a1"), question];
    expect(await fitToContextWindow({ system: "s", messages, contextWindow: 1000, modelId: "m" })).toEqual({
      messages,
      droppedCount: 0,
    });
  });

  it("counts real tokens past the byte bound: keeps what the character estimate would have dropped", async () => {
    // 500 tokens but 2,999 characters (750 estimated): the budget of a 1,000-token window is 750.
    const older: ContextTurn = { role: "user", text: words(500) };
    const answer: ContextTurn = { role: "assistant", text: "ok" };
    const messages = [older, answer, question];
    expect(trimToContextWindow({ system: "", messages, contextWindow: 1000 }).droppedCount).toBe(2);
    const fitted = await fitToContextWindow({ system: "", messages, contextWindow: 1000, modelId: "m" });
    expect(fitted.droppedCount).toBe(0);
  });

  it("leaves out older messages once their real tokens pass the budget, as the composer counts them", async () => {
    const count = await loadCounter("cl100k_base");
    const older: ContextTurn = { role: "user", text: words(800) };
    const messages = [older, { role: "assistant" as const, text: "ok" }, question];
    const fitted = await fitToContextWindow({
      system: "Be brief.",
      messages,
      contextWindow: 1000,
      modelId: "m",
    });
    expect(fitted.messages).toEqual([question]);
    expect(countContext(count, "Be brief.", messages)).toBeGreaterThan(contextBudget(1000));
    expect(countContext(count, "Be brief.", fitted.messages)).toBeLessThanOrEqual(contextBudget(1000));
  });
});

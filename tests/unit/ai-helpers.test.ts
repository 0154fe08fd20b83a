import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { trimToContextWindow } from "@/lib/ai/context-window";
import { titleFromMessage } from "@/lib/ai/title";
import { describeProviderError } from "@/lib/ai/provider-errors";
import { offlineAnswer } from "@/lib/ai/offline-model";

const turn = (role: "user" | "assistant", chars: number) => ({ role, text: "x".repeat(chars) });

describe("trimToContextWindow", () => {
  it("keeps everything that fits", () => {
    const messages = [turn("user", 100), turn("assistant", 100), turn("user", 100)];
    expect(trimToContextWindow({ system: "", messages, contextWindow: 8000 })).toEqual({
      messages,
      droppedCount: 0,
    });
  });

  it("drops the oldest turns first, keeps the question, and never starts with an answer", () => {
    const messages = [
      turn("user", 4000),
      turn("assistant", 4000),
      turn("user", 400),
      turn("assistant", 400),
      turn("user", 400),
    ];
    const { messages: kept, droppedCount } = trimToContextWindow({
      system: "s",
      messages,
      contextWindow: 1500,
      reserveForAnswer: 500,
    });
    expect(kept).toEqual(messages.slice(2));
    expect(droppedCount).toBe(2);
  });

  it("counts the system prompt against the window", () => {
    const messages = [turn("user", 400), turn("assistant", 400), turn("user", 400)];
    const without = trimToContextWindow({ system: "", messages, contextWindow: 800, reserveForAnswer: 400 });
    const withSystem = trimToContextWindow({
      system: "y".repeat(800),
      messages,
      contextWindow: 800,
      reserveForAnswer: 400,
    });
    expect(withSystem.droppedCount).toBeGreaterThan(without.droppedCount);
  });

  it("keeps an oversized question rather than sending nothing", () => {
    const messages = [turn("user", 100_000)];
    expect(trimToContextWindow({ system: "", messages, contextWindow: 1000 }).messages).toHaveLength(1);
  });
});

describe("titleFromMessage", () => {
  it.each([
    ["How do I reverse a list in Python? I tried a loop.", "How do I reverse a list in Python?"],
    ["# Plan a **trip** to Lisbon\nmore details", "Plan a trip to Lisbon"],
    ["```js\nconsole.log(1)\n```\nWhy does this print 1", "Why does this print 1"],
    ["   ", "New chat"],
    ["a ".repeat(100), `${"a ".repeat(29).trim()}…`],
  ])("%j → %j", (input, expected) => {
    expect(titleFromMessage(input)).toBe(expected);
  });
});

function apiError(statusCode: number, headers: Record<string, string> = {}) {
  return new APICallError({
    message: "provider said something internal at http://10.0.0.5",
    url: "http://10.0.0.5/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    responseBody: "internal",
  });
}

describe("describeProviderError", () => {
  it("explains credentials, rate limits with their retry time, and server errors without provider text", () => {
    expect(describeProviderError(apiError(401)).message).toMatch(/credentials/);
    expect(describeProviderError(apiError(429, { "retry-after": "12" }))).toMatchObject({
      retryAfterSeconds: 12,
      message: "The model provider is rate-limiting requests. Try again in 12 s.",
    });
    expect(describeProviderError(apiError(429, { "retry-after-ms": "2500" })).retryAfterSeconds).toBe(3);
    expect(describeProviderError(apiError(429)).retryAfterSeconds).toBe(30);
    const server = describeProviderError(apiError(503));
    expect(server.message).toBe("The model provider had an error (HTTP 503). Try again.");
    expect(JSON.stringify(server)).not.toMatch(/10\.0\.0\.5|internal/);
  });

  it("recognises timeouts and cut connections", () => {
    expect(describeProviderError(new Error("Request timed out")).message).toMatch(/did not answer in time/);
    expect(describeProviderError(new TypeError("terminated")).message).toMatch(/interrupted/);
  });
});

describe("offline model", () => {
  it("is deterministic per prompt and seed, varies with the seed, and says it is a demo", () => {
    expect(offlineAnswer("Hello", 1)).toBe(offlineAnswer("Hello", 1));
    const variants = new Set([1, 2, 3, 4, 5].map((seed) => offlineAnswer("Hello", seed)));
    expect(variants.size).toBeGreaterThan(1);
    expect(offlineAnswer("Hello", 1)).toMatch(/You asked: "Hello"[\s\S]*```ts[\s\S]*offline demo model/);
  });
});

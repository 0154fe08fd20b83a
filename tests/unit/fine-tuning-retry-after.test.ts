import { describe, expect, it } from "vitest";
import { joinUrl, parseRetryAfter } from "@/lib/fine-tuning/adapters/http";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-12-07T06:00:00Z");
  it("reads seconds, fractional seconds and an HTTP date", () => {
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter(" 1.5 ", now)).toBe(1500);
    expect(parseRetryAfter("Mon, 07 Dec 2026 06:00:30 GMT", now)).toBe(30_000);
  });
  it("never goes below zero, and is null when absent or unreadable", () => {
    expect(parseRetryAfter("Mon, 07 Dec 2026 05:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
  });
});

describe("joinUrl", () => {
  it("joins with exactly one slash", () => {
    expect(joinUrl("https://api.openai.com/v1/", "/files")).toBe("https://api.openai.com/v1/files");
    expect(joinUrl("https://api.together.ai/v1", "fine-tunes")).toBe("https://api.together.ai/v1/fine-tunes");
  });
});

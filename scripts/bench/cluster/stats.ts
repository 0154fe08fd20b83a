import type { ChatResult } from "./chat-client";

export function percentile(values: number[], p: number): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  return finite[Math.min(finite.length - 1, Math.max(0, Math.ceil((p / 100) * finite.length) - 1))]!;
}

export function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

/** A chat the client saw fail in any way: a refused or failed request, a broken stream, no complete answer. */
export const failed = (r: ChatResult) => r.failures.length > 0 || r.broken || r.status !== "complete";

/** Answers completed per second, from the first chat sent to the last one ended. */
export function throughput(results: ChatResult[]): { answers: number; seconds: number; perSecond: number } {
  const answers = results.filter((r) => r.status === "complete").length;
  const from = Math.min(...results.map((r) => r.startedAt));
  const to = Math.max(...results.map((r) => r.endedAt));
  const seconds = (to - from) / 1000;
  return { answers, seconds, perSecond: answers / seconds };
}

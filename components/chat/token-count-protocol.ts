// Messages between the composer (use-token-count.ts) and its worker (token-count.worker.ts).
import type { ContextMessage } from "@/lib/usage/token-count";

export type TokenCountRequest =
  /** The conversation's context changed (system prompt, branch, model): count it once and keep it. */
  | { kind: "context"; modelId: string; system: string; messages: ContextMessage[] }
  /** The draft changed: count it with the encoding of the last context's model. */
  | { kind: "draft"; id: number; text: string };

/** Answers a draft request: the context's tokens (with framing) and the draft's (with its framing). */
export type TokenCountReply = { id: number; context: number; draft: number };

// Fits a conversation into a model's context window.
//
// The chat counts real tokens, as the composer's meter does (lib/usage/token-count.ts: the model's
// encoding and OpenAI's framing of 3 tokens per message and 3 to prime the answer), so that what the
// meter warns about is what the server does. Counting is skipped when the conversation's UTF-8 bytes
// alone fit — a token always covers at least one byte — which is every turn that is not near the
// window: the tokenizer runs only when something may have to be left out.
// `trimToContextWindow` on its own takes any cost function; its default, ceil(characters / 4) + 4 per
// message, is a rough estimate kept for callers that cannot wait for the tokenizer's tables.
import { answerReserve, contextBudget } from "./context-budget";
import { encodingFor, loadCounter, TOKENS_PER_MESSAGE, TOKENS_TO_PRIME_ANSWER } from "../usage/token-count";

export type ContextTurn = { role: "user" | "assistant"; text: string };

/** The estimated token cost of one message (or of the system prompt). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4) + 4;
}

/**
 * Drops the oldest messages until the rest, the system prompt and room for the answer fit.
 * The last user message (the question being answered) is always kept, even when it alone is too big:
 * the provider then decides. The result never starts with an assistant message.
 */
export function trimToContextWindow<T extends ContextTurn>(input: {
  system: string;
  messages: T[];
  contextWindow: number;
  /** Tokens kept free for the answer; default a quarter of the window, at most 4096. */
  reserveForAnswer?: number;
  /** What one message (or the system prompt) costs, framing included; default `estimateTokens`. */
  cost?: (text: string) => number;
}): { messages: T[]; droppedCount: number } {
  const { messages } = input;
  const cost = input.cost ?? estimateTokens;
  const reserve = input.reserveForAnswer ?? answerReserve(input.contextWindow);
  const budget = input.contextWindow - reserve - (input.system ? cost(input.system) : 0);
  const lastUser = messages.findLastIndex((message) => message.role === "user");
  // Messages from the last user message on are kept whatever they cost.
  const mustKeepFrom = lastUser === -1 ? messages.length : lastUser;

  let used = 0;
  let start = messages.length;
  for (let i = messages.length - 1; i >= 0; i--) {
    const tokens = cost(messages[i]!.text);
    // Stop at the first message that does not fit: keeping an older one past a gap would give the
    // model a conversation that never happened.
    if (i < mustKeepFrom && used + tokens > budget) break;
    used += tokens;
    start = i;
  }
  // Chat APIs (Anthropic's among them) expect the conversation to open with a user turn.
  while (start < messages.length && messages[start]!.role === "assistant") start++;

  const kept = messages.slice(start);
  return { messages: kept, droppedCount: messages.length - kept.length };
}

/** At least as many as the tokens the request sends: every token covers one UTF-8 byte or more. */
function tokenBound(system: string, messages: readonly ContextTurn[]): number {
  let bound = TOKENS_TO_PRIME_ANSWER + (system ? TOKENS_PER_MESSAGE + Buffer.byteLength(system) : 0);
  for (const message of messages) bound += TOKENS_PER_MESSAGE + Buffer.byteLength(message.text);
  return bound;
}

/**
 * The chat's context for a model: everything when it fits the model's budget (context-budget.ts),
 * else the newest messages that do, counted in the model's tokens as the composer counts them.
 */
export async function fitToContextWindow<T extends ContextTurn>(input: {
  system: string;
  messages: T[];
  contextWindow: number;
  modelId: string;
}): Promise<{ messages: T[]; droppedCount: number }> {
  const { system, messages, contextWindow } = input;
  if (tokenBound(system, messages) <= contextBudget(contextWindow)) return { messages, droppedCount: 0 };
  const count = await loadCounter(encodingFor(input.modelId));
  return trimToContextWindow({
    system,
    messages,
    contextWindow,
    reserveForAnswer: answerReserve(contextWindow) + TOKENS_TO_PRIME_ANSWER,
    cost: (text) => TOKENS_PER_MESSAGE + count(text),
  });
}

// Fits a conversation into a model's context window.
//
// Tokens are estimated, not counted: ceil(characters / 4) + 4 per message. Four characters per token
// is close for English and code and errs on the safe side for most other text; the + 4 covers the
// chat format's per-message overhead (role markers). A real tokenizer per provider would be a large
// dependency for a decision that only needs to be roughly right: the provider still has the last word.
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
}): { messages: T[]; droppedCount: number } {
  const { messages } = input;
  const reserve = input.reserveForAnswer ?? Math.min(4096, Math.floor(input.contextWindow / 4));
  const budget = input.contextWindow - reserve - (input.system ? estimateTokens(input.system) : 0);
  const lastUser = messages.findLastIndex((message) => message.role === "user");
  // Messages from the last user message on are kept whatever they cost.
  const mustKeepFrom = lastUser === -1 ? messages.length : lastUser;

  let used = 0;
  let start = messages.length;
  for (let i = messages.length - 1; i >= 0; i--) {
    const cost = estimateTokens(messages[i]!.text);
    // Stop at the first message that does not fit: keeping an older one past a gap would give the
    // model a conversation that never happened.
    if (i < mustKeepFrom && used + cost > budget) break;
    used += cost;
    start = i;
  }
  // Chat APIs (Anthropic's among them) expect the conversation to open with a user turn.
  while (start < messages.length && messages[start]!.role === "assistant") start++;

  const kept = messages.slice(start);
  return { messages: kept, droppedCount: messages.length - kept.length };
}

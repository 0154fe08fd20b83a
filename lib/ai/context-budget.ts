// How much of a model's context window the conversation may use: the rest is kept for the answer.
// One rule for the server, which leaves older messages out past it (context-window.ts), and for the
// composer's token meter, which says so before the message is sent. No imports: the meter is in the
// new-chat page's first-load JavaScript.

/** Tokens kept free for the answer: a quarter of the window, at most 4,096. */
export function answerReserve(contextWindow: number): number {
  return Math.min(4096, Math.floor(contextWindow / 4));
}

/** The tokens the system prompt and the conversation may take before older messages are left out. */
export function contextBudget(contextWindow: number): number {
  return contextWindow - answerReserve(contextWindow);
}

import { contextBudget } from "@/lib/ai/context-budget";
import type { TokenCount } from "./use-token-count";

const integer = new Intl.NumberFormat("en-US");

// From this share of the budget on, the count turns amber: the next turns will soon not all fit.
const NEAR_LIMIT = 0.8;

/**
 * "1,234 / 128,000 tokens" under the composer: what the next turn would send against the model's
 * context window, amber as it nears the budget the server keeps the conversation within (the window
 * less room for the answer, lib/ai/context-budget.ts) and red past it, with what that means in words.
 */
export function TokenMeter({
  id,
  count,
  contextWindow,
}: {
  id: string;
  count: TokenCount;
  contextWindow: number;
}) {
  const total = count.context + count.draft;
  const budget = contextBudget(contextWindow);
  const ratio = total / budget;
  // The draft is always sent, with the system prompt; older messages are what gets left out.
  const draftTooLong = count.draft > budget;
  const warning =
    ratio < NEAR_LIMIT
      ? null
      : draftTooLong
        ? "This message is too long for the model's context window."
        : ratio > 1
          ? "Older messages will be left out to keep room for the answer in the model's context window."
          : "Nearing the model's context window.";
  const tone =
    ratio > 1
      ? "text-red-700 dark:text-red-400"
      : ratio >= NEAR_LIMIT
        ? "text-amber-700 dark:text-amber-400"
        : "text-zinc-500";
  return (
    <span
      id={id}
      data-level={ratio > 1 ? "over" : ratio >= NEAR_LIMIT ? "near" : "ok"}
      className={`text-xs tabular-nums ${tone}`}
    >
      {`${integer.format(total)} / ${integer.format(contextWindow)} tokens`}
      {warning ? <span role="status">{` — ${warning}`}</span> : null}
    </span>
  );
}

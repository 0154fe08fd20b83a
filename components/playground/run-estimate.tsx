"use client";

import { useTokenCount } from "@/components/chat/use-token-count";
import type { ModelInfo } from "@/lib/ai/model-info";
import type { PlaygroundSettings } from "@/lib/playground/schemas";
import { formatCost } from "@/lib/usage/format-usage";

const integer = new Intl.NumberFormat("en-US");

/**
 * The run's input tokens (system prompt and messages, counted in the chat's worker with the first
 * model's encoding) and what that input costs at each chosen model's price. The answer's length is
 * not known before it is written, so the estimate is of the input; the real figures follow the run.
 */
export function RunEstimate({ settings, models }: { settings: PlaygroundSettings; models: ModelInfo[] }) {
  const messages = settings.messages.map((m) => ({ role: m.role, text: m.content }));
  const last = messages.at(-1);
  const count = useTokenCount(
    { modelId: models[0]?.id ?? "", system: settings.systemPrompt, messages: messages.slice(0, -1) },
    last?.text ?? "",
  );
  if (!count || models.length === 0) {
    return (
      <p role="status" aria-label="Estimate" className="text-xs text-zinc-500">
        Input tokens: counted as you type.
      </p>
    );
  }
  const tokens = count.context + count.draft;
  const prices = models.map((m) =>
    m.inputPricePerMTok === null ? null : (tokens * m.inputPricePerMTok) / 1e6,
  );
  const known = prices.every((p) => p !== null);
  const total = known ? prices.reduce<number>((sum, p) => sum + (p ?? 0), 0) : null;
  return (
    <p role="status" aria-label="Estimate" className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
      {`About ${integer.format(tokens)} input tokens`}
      {` · input cost ${known ? formatCost(total) : "unknown (no price)"}`}
      {models.length > 1 ? ` for ${models.length} models` : ""}
    </p>
  );
}

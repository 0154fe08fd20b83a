import "server-only";
import type { ModelInfo } from "../ai/model-info";
import { answerCostUsd, type TokenCounts } from "./answer-cost";
import { countContext, encodingFor, loadCounter, type ContextMessage } from "./token-count";

/** Token counts as the provider reported them; null where it reported nothing. */
export type ReportedUsage = {
  inputTokens: number | null;
  cachedInputTokens: number | null;
  outputTokens: number | null;
};

/** What is stored on the answer and added to the usage rollup. */
export type SettledUsage = TokenCounts & { estimated: boolean; costUsd: number | null };

/**
 * The answer's tokens and cost: the provider's figures where it reported them, the rest counted
 * locally (and the whole marked estimated). The offline model's figures are always counted locally
 * (what it "reports" is a word count). Null when there is nothing to account for: no output and no
 * usage reported (a request refused or stopped before its first word), which costs nothing we know of.
 *
 * `system` and `history` are the context actually sent (after trimming to the window), `text` the
 * answer as saved. The cost uses `info`'s prices as they are now, i.e. when the answer was made.
 */
export async function settleAnswerUsage(input: {
  info: ModelInfo;
  reported: ReportedUsage;
  system: string;
  history: readonly ContextMessage[];
  text: string;
}): Promise<SettledUsage | null> {
  const { info, text } = input;
  const reported: ReportedUsage =
    info.provider === "offline"
      ? { inputTokens: null, cachedInputTokens: null, outputTokens: null }
      : input.reported;
  const nothingReported = reported.inputTokens === null && reported.outputTokens === null;
  if (nothingReported && text.length === 0) return null;

  let inputTokens = reported.inputTokens;
  let outputTokens = reported.outputTokens;
  if (inputTokens === null || outputTokens === null) {
    const count = await loadCounter(encodingFor(info.id));
    inputTokens ??= countContext(count, input.system, input.history);
    outputTokens ??= count(text);
  }
  const tokens: TokenCounts = {
    inputTokens,
    cachedInputTokens: Math.min(reported.cachedInputTokens ?? 0, inputTokens),
    outputTokens,
  };
  return {
    ...tokens,
    estimated: reported.inputTokens === null || reported.outputTokens === null,
    costUsd: answerCostUsd(tokens, info),
  };
}

/**
 * An answer closed by the interrupted-answers sweep: its context is not at hand any more, so only the
 * output is counted (from the saved text) and the input is taken as 0. `info` is the model as the
 * registry knows it now (null when it is gone: no cost). Null when the answer had no text.
 */
export async function settleInterruptedUsage(
  modelId: string,
  info: ModelInfo | null,
  text: string,
): Promise<SettledUsage | null> {
  if (text.length === 0) return null;
  const count = await loadCounter(encodingFor(modelId));
  const tokens: TokenCounts = { inputTokens: 0, cachedInputTokens: 0, outputTokens: count(text) };
  return {
    ...tokens,
    estimated: true,
    costUsd: info ? answerCostUsd(tokens, info) : null,
  };
}

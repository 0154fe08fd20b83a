import "server-only";
import type { ModelInfo } from "../ai/model-info";
import type { ResolvedModel } from "../models/registry";
import { countContext, encodingFor, loadCounter } from "../usage/token-count";
import type { ValidationPrompt } from "./prompt-lines";
import { JUDGE_RUBRIC, judgeMessage } from "./rubric";

/** Assumed longest answer when neither the model nor its defaults set one. */
export const ASSUMED_MAX_OUTPUT_TOKENS = 1024;
/** The judge explains briefly and ends with its verdict: its answers are capped at this. */
export const JUDGE_MAX_OUTPUT_TOKENS = 400;

export type CostEstimate = {
  totalUsd: number;
  candidateUsd: number;
  baselineUsd: number;
  judgeUsd: number;
  prompts: number;
  promptTokens: number;
  /** Models without a price: their calls are counted as free, and the estimate says so. */
  unpriced: string[];
};

export function maxOutputOf(model: ResolvedModel): number {
  return model.params.maxOutputTokens ?? model.info.maxOutputTokens ?? ASSUMED_MAX_OUTPUT_TOKENS;
}

function usd(tokens: number, pricePerMTok: number | null): number {
  return pricePerMTok === null ? 0 : (tokens / 1_000_000) * pricePerMTok;
}

function split(prompt: ValidationPrompt) {
  const system = prompt.messages[0]?.role === "system" ? prompt.messages[0].content : "";
  const history = prompt.messages
    .filter((m) => m.role !== "system")
    .map((m) => ({ role: m.role as "user" | "assistant", text: m.content }));
  return { system, history };
}

async function promptTokens(info: ModelInfo, prompts: ValidationPrompt[]): Promise<number> {
  const count = await loadCounter(encodingFor(info.id));
  let total = 0;
  for (const prompt of prompts) {
    const { system, history } = split(prompt);
    total += countContext(count, system, history);
  }
  return total;
}

/**
 * An upper bound of what an evaluation costs: every prompt (counted with gpt-tokenizer) sent to both
 * models, each answering its longest (its max output tokens), plus, with a judge model, two calls per
 * prompt (both orders) reading the rubric, the prompt and both longest answers.
 */
export async function estimateCost(
  prompts: ValidationPrompt[],
  candidate: ResolvedModel,
  baseline: ResolvedModel,
  judge: ResolvedModel | null,
): Promise<CostEstimate> {
  const candidateIn = await promptTokens(candidate.info, prompts);
  const baselineIn = await promptTokens(baseline.info, prompts);
  const n = prompts.length;
  const candidateOut = maxOutputOf(candidate);
  const baselineOut = maxOutputOf(baseline);
  const candidateUsd =
    usd(candidateIn, candidate.info.inputPricePerMTok) +
    usd(n * candidateOut, candidate.info.outputPricePerMTok);
  const baselineUsd =
    usd(baselineIn, baseline.info.inputPricePerMTok) + usd(n * baselineOut, baseline.info.outputPricePerMTok);
  let judgeUsd = 0;
  if (judge) {
    const count = await loadCounter(encodingFor(judge.info.id));
    // The framing of the judge's message around an empty pair, plus the rubric.
    const overhead = countContext(count, JUDGE_RUBRIC, [{ role: "user", text: judgeMessage([], "", "") }]);
    const judgeIn =
      2 * (n * (overhead + candidateOut + baselineOut) + (await promptTokens(judge.info, prompts)));
    judgeUsd =
      usd(judgeIn, judge.info.inputPricePerMTok) +
      usd(2 * n * JUDGE_MAX_OUTPUT_TOKENS, judge.info.outputPricePerMTok);
  }
  const unpriced = [candidate, baseline, ...(judge ? [judge] : [])]
    .filter((m) => m.info.inputPricePerMTok === null || m.info.outputPricePerMTok === null)
    .map((m) => m.info.name);
  return {
    totalUsd: candidateUsd + baselineUsd + judgeUsd,
    candidateUsd,
    baselineUsd,
    judgeUsd,
    prompts: n,
    promptTokens: candidateIn,
    unpriced: [...new Set(unpriced)],
  };
}

import "server-only";
import { env } from "../env";
import { streamModel } from "../ai/stream-model";
import type { ResolvedModel } from "../models/registry";
import { settleAnswerUsage } from "../usage/answer-usage";
import { recordUsage } from "../usage/record-usage";
import { JUDGE_MAX_OUTPUT_TOKENS } from "./estimate";
import type { PromptMessage } from "./prompt-lines";
import { combineVerdicts, JUDGE_RUBRIC, judgeMessage, parseVerdict, toVerdict, type Verdict } from "./rubric";

export type JudgeReply = {
  order: "candidate-first" | "baseline-first";
  reply: string;
  verdict: Verdict;
  parsed: boolean;
};
export type JudgeOutcome = { verdict: Verdict; replies: JudgeReply[]; costUsd: number };

/**
 * Asks the judge model about one pair twice, with the order swapped, at temperature 0. The same
 * preference in both orders wins; a disagreement, or a reply without a readable verdict, is a tie.
 * What each call cost is added to the evaluation's spending (and to the admin's usage).
 */
export async function judgePair(
  judge: ResolvedModel,
  userId: string,
  prompt: PromptMessage[],
  candidate: string,
  baseline: string,
  signal: AbortSignal,
): Promise<JudgeOutcome> {
  const replies: JudgeReply[] = [];
  let costUsd = 0;
  for (const candidateIsA of [true, false]) {
    const text = judgeMessage(
      prompt,
      candidateIsA ? candidate : baseline,
      candidateIsA ? baseline : candidate,
    );
    const history = [{ role: "user" as const, text }];
    let reply = "";
    const outcome = await streamModel({
      model: judge.model,
      upstream: judge.upstream,
      system: JUDGE_RUBRIC,
      messages: history,
      seed: 0,
      params: { temperature: 0, maxOutputTokens: JUDGE_MAX_OUTPUT_TOKENS },
      signal,
      timeoutMs: env().PROVIDER_TIMEOUT_MS,
      onText: (delta) => {
        reply += delta;
      },
    });
    const usage = await settleAnswerUsage({
      info: judge.info,
      reported: outcome,
      system: JUDGE_RUBRIC,
      history,
      text: reply,
    });
    if (usage) {
      costUsd += usage.costUsd ?? 0;
      await recordUsage({ userId, modelId: judge.info.id, source: "evaluation", ...usage });
    }
    const position = parseVerdict(reply);
    replies.push({
      order: candidateIsA ? "candidate-first" : "baseline-first",
      // Kept for the record, bounded: a runaway judge must not bloat the row.
      reply: reply.slice(0, 4000),
      verdict: toVerdict(position, candidateIsA),
      parsed: position !== null,
    });
  }
  return { verdict: combineVerdicts(replies[0]!.verdict, replies[1]!.verdict), replies, costUsd };
}

import "server-only";
import { cachedTrialColumns } from "../../settings/app-settings";
import { resolveModel, resolveModelForEvaluation, type ResolvedModel } from "../../models/registry";

// The live trial's routing (docs/fine-tuning.md, "Live traffic and promotion"). Its only way to a
// disabled candidate is resolveModelForEvaluation, and only for the trial's candidate: a user naming
// that model in a request still gets "unknown model" from resolveModel.

type RunningTrial = { candidateModelId: string; baselineModelId: string; sharePercent: number };

async function runningTrial(): Promise<RunningTrial | null> {
  const t = await cachedTrialColumns();
  if (t.trialSharePercent <= 0 || !t.trialCandidateModelId || !t.trialBaselineModelId) return null;
  return {
    candidateModelId: t.trialCandidateModelId,
    baselineModelId: t.trialBaselineModelId,
    sharePercent: t.trialSharePercent,
  };
}

/** The candidate, or undefined when it cannot be called now (deleted, its provider disabled). */
async function candidate(trial: RunningTrial): Promise<ResolvedModel | undefined> {
  try {
    return await resolveModelForEvaluation(trial.candidateModelId);
  } catch {
    return undefined;
  }
}

/**
 * The model of a new chat: while a trial runs, a chat that would go to the baseline (the picker left
 * on it, or no model named and the baseline is the default) goes to the candidate with the trial's
 * probability. Drawn once here; the conversation keeps the model it got. `random` is for tests.
 */
export async function modelForNewChat(
  resolved: ResolvedModel,
  random: () => number = Math.random,
): Promise<ResolvedModel> {
  const trial = await runningTrial();
  if (!trial || resolved.info.id !== trial.baselineModelId) return resolved;
  if (random() * 100 >= trial.sharePercent) return resolved;
  return (await candidate(trial)) ?? resolved;
}

/**
 * A later turn of a conversation the trial gave to the candidate keeps the candidate: the browser still
 * shows (and sends) the baseline in its picker, since a disabled candidate is not listed. Null when the
 * usual rules apply: no trial, another conversation, or the user picked another model. When the
 * candidate cannot be called any more, the baseline answers.
 */
export async function trialModelForTurn(
  conversationModelId: string | null,
  requestedModelId: string | undefined,
): Promise<ResolvedModel | null> {
  const trial = await runningTrial();
  if (!trial || conversationModelId !== trial.candidateModelId) return null;
  if (requestedModelId !== undefined && requestedModelId !== trial.baselineModelId) return null;
  return (await candidate(trial)) ?? resolveModel(trial.baselineModelId, "USER");
}

import "server-only";
import { randomUUID } from "node:crypto";
import { queryRow } from "../db/query-row";
import { env } from "../env";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import type { ActiveUser, Actor } from "../auth/actor";
import { resolveModel, type ResolvedModel } from "../models/registry";
import type { SamplingParams } from "../ai/sampling-params";
import { titleFromMessage } from "../ai/title";
import { assertBudgetRow } from "../usage/budget";
import type { PreparedTurn } from "../chat/prepare-turn";
import { requirePlaygroundUser } from "./access";
import { capabilityErrors, modelCapabilities } from "./capabilities";
import { runRuleErrors } from "./run-rules";
import { playgroundSettings, type PlaygroundParams, type PlaygroundSettings } from "./schemas";
import { PLAYGROUND_ADMIT, PLAYGROUND_WRITE, type PlaygroundAdmitRow } from "./run-sql";

/** A run about to stream: where it is stored, and one prepared turn per model, in column order. */
export type PreparedRun = {
  conversationId: string;
  /** The last user message: the question every answer responds to. */
  promptId: string;
  turns: PreparedTurn[];
};

function invalid(fields: Record<string, string>): AppError {
  return new AppError("VALIDATION", Object.values(fields)[0] ?? "Invalid input.", fields);
}

/** The set-up's parameters over a model's admin defaults, in the AI SDK's spelling. */
export function samplingParams(params: PlaygroundParams, defaults: ResolvedModel["params"]): SamplingParams {
  const merged: SamplingParams = { ...defaults };
  if (params.temperature !== undefined) merged.temperature = params.temperature;
  if (params.topP !== undefined) merged.topP = params.topP;
  if (params.maxOutputTokens !== undefined) merged.maxOutputTokens = params.maxOutputTokens;
  if (params.stopSequences !== undefined && params.stopSequences.length > 0) {
    merged.stopSequences = params.stopSequences;
  }
  if (params.presencePenalty !== undefined) merged.presencePenalty = params.presencePenalty;
  if (params.frequencyPenalty !== undefined) merged.frequencyPenalty = params.frequencyPenalty;
  const format = params.responseFormat;
  if (format?.type === "json") {
    const schema = format.schema?.trim() ? (JSON.parse(format.schema) as Record<string, unknown>) : undefined;
    merged.responseFormat = { type: "json", ...(schema && { schema, name: "response" }) };
  }
  return merged;
}

/** Each model the set-up names, or field errors for those the caller may not use. */
async function resolveAll(settings: PlaygroundSettings, role: ActiveUser["role"]): Promise<ResolvedModel[]> {
  const errors: Record<string, string> = {};
  const resolved = await Promise.all(
    settings.models.map((id, i) =>
      resolveModel(id, role).catch((error: unknown) => {
        if (!(error instanceof AppError)) throw error;
        errors[`models.${i}`] = error.message;
        return null;
      }),
    ),
  );
  if (Object.keys(errors).length > 0) throw invalid(errors);
  return resolved as ResolvedModel[];
}

/**
 * Checks a run and writes it: the set-up (schema, then the run's rules), the caller (the playground's
 * access rule), every model (one the caller may not use is refused by name), the parameters against
 * what each model can take, then the rate limit and the budget. Any refusal writes nothing. Then one
 * statement stores the conversation (source `playground`), the messages as a chain and one answer
 * row per model under the last message, each with the parameters it is generated with.
 */
export async function startPlaygroundRun(actor: Actor, raw: unknown): Promise<PreparedRun> {
  const settings = parseInput(playgroundSettings, raw);
  const ruleErrors = runRuleErrors(settings);
  if (Object.keys(ruleErrors).length > 0) throw invalid(ruleErrors);
  const user = await requirePlaygroundUser(actor);
  const resolved = await resolveAll(settings, user.role);
  const capable = resolved.map(({ info, model }) => ({
    name: info.name,
    capabilities: modelCapabilities({ ...info, upstreamId: model.modelId }),
  }));
  const paramErrors = capabilityErrors(capable, settings.params);
  if (Object.keys(paramErrors).length > 0) throw invalid(paramErrors);

  const limit = env().CHAT_RATE_LIMIT_PER_MINUTE;
  const admitted = await queryRow<PlaygroundAdmitRow>(PLAYGROUND_ADMIT, [user.id, `chat:${user.id}`, limit]);
  if (admitted.found === 0) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  if (admitted.allowed === 0) {
    const seconds = Math.max(1, admitted.retryAfter ?? 60);
    throw new AppError(
      "RATE_LIMITED",
      `You're sending messages faster than ${limit} a minute. Try again in ${seconds} s.`,
      undefined,
      seconds,
    );
  }
  assertBudgetRow(admitted.budget ?? undefined);

  const conversationId = randomUUID();
  const messageIds = settings.messages.map(() => randomUUID());
  const promptId = messageIds.at(-1)!;
  const seed = settings.params.seed ?? Math.floor(Math.random() * 2 ** 31);
  const history = settings.messages.map((m) => ({ role: m.role, text: m.content }));
  const title = titleFromMessage(history.find((m) => m.role === "user")?.text ?? "");
  const prepared = resolved.map((model) => ({
    model,
    id: randomUUID(),
    params: samplingParams(settings.params, model.params),
  }));
  await queryRow(PLAYGROUND_WRITE, [
    conversationId,
    user.id,
    title,
    resolved[0]!.info.id,
    settings.systemPrompt,
    messageIds,
    messageIds.map((_, i) => (i === 0 ? null : messageIds[i - 1]!)),
    history.map((m) => m.role),
    history.map((m) => m.text),
    prepared.map((p) => p.id),
    prepared.map((p) => p.model.info.id),
    prepared.map((p) => p.model.info.provider),
    prepared.map((p) => JSON.stringify({ seed, ...p.params })),
  ]);
  const createdAt = new Date();
  return {
    conversationId,
    promptId,
    turns: prepared.map(({ model, id, params }) => ({
      userId: user.id,
      source: "playground",
      persist: true,
      conversationId,
      isNewConversation: true,
      title,
      userMessageId: promptId,
      newUserMessageId: promptId,
      assistantId: id,
      assistantCreatedAt: createdAt,
      ...model,
      params,
      system: settings.systemPrompt,
      // Sent as written, as the API does: nothing is trimmed behind the user's back.
      history,
      droppedCount: 0,
      seed,
    })),
  };
}

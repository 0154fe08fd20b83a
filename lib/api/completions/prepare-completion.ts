import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { pool } from "../../db/client";
import { queryRow } from "../../db/query-row";
import { env } from "../../env";
import { AppError } from "../../errors/app-error";
import { resolveModel, type ResolvedModel } from "../../models/registry";
import { titleFromMessage } from "../../ai/title";
import type { SamplingParams } from "../../ai/sampling-params";
import { assertBudgetRow } from "../../usage/budget";
import type { ApiCaller } from "../../api-keys/verify";
import type { PreparedTurn } from "../../chat/prepare-turn";
import { ApiError } from "../api-error";
import { CONVERSATION_HEADER } from "../cors";
import type { CompletionRequest } from "./completion-input";
import { API_ADMIT, API_TREE, API_WRITE, type ApiAdmitRow, type TreeRow } from "./completion-sql";

type Turn = CompletionRequest["turns"][number];

const conversationId = z.uuid();

function notFoundConversation(id: string): ApiError {
  return new ApiError(
    "NOT_FOUND",
    `The conversation '${id.slice(0, 64)}' does not exist, or is not one of this key's user's API conversations.`,
    null,
    "conversation_not_found",
  );
}

/** The model, as the API reports a missing one: 404 whether unknown or not allowed for this user. */
async function modelFor(caller: ApiCaller, id: string): Promise<ResolvedModel> {
  try {
    return await resolveModel(id, caller.role);
  } catch (error) {
    if (error instanceof AppError && error.code === "VALIDATION") {
      throw new ApiError(
        "NOT_FOUND",
        `The model '${id.slice(0, 200)}' does not exist or you do not have access to it.`,
        "model",
        "model_not_found",
      );
    }
    throw error;
  }
}

/** The request's parameters over the model's defaults, in the AI SDK's spelling. */
function samplingParams(request: CompletionRequest, defaults: SamplingParams): SamplingParams {
  const body = request.body;
  const params: SamplingParams = { ...defaults };
  if (body.temperature != null) params.temperature = body.temperature;
  if (body.top_p != null) params.topP = body.top_p;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) params.maxOutputTokens = maxTokens;
  if (body.stop != null) params.stopSequences = typeof body.stop === "string" ? [body.stop] : body.stop;
  if (body.presence_penalty != null) params.presencePenalty = body.presence_penalty;
  if (body.frequency_penalty != null) params.frequencyPenalty = body.frequency_penalty;
  const format = body.response_format;
  if (format?.type === "json_object") params.responseFormat = { type: "json" };
  if (format?.type === "json_schema") {
    const { name, description, schema, strict } = format.json_schema;
    params.responseFormat = {
      type: "json",
      name,
      ...(description !== undefined && { description }),
      ...(schema !== undefined && { schema }),
      ...(strict != null && { strict }),
    };
  }
  return params;
}

/**
 * Where the request's messages join a continued conversation's tree: walking down from the roots,
 * each message is matched to a child with the same role and text (the latest such, as the chat shows
 * the latest version). Returns the last matched message's id and the messages still to write.
 */
export function joinTree(tree: TreeRow[], turns: Turn[]): { parentId: string | null; rest: Turn[] } {
  const children = new Map<string | null, TreeRow[]>();
  for (const row of tree) {
    const list = children.get(row.parentId) ?? [];
    list.push(row);
    children.set(row.parentId, list);
  }
  let parentId: string | null = null;
  let matched = 0;
  for (const turn of turns) {
    const next: TreeRow | undefined = children
      .get(parentId)
      ?.findLast((row) => row.role === turn.role && row.text === turn.text);
    if (!next) break;
    parentId = next.id;
    matched++;
  }
  return { parentId, rest: turns.slice(matched) };
}

/**
 * Everything before the model is called for one API completion: the per-key rate limit and the budget
 * (one statement),
 * the model (404 when this user may not use it), and, unless `store` is false, the conversation: a
 * new one with source `api`, or the one the `flywheel-conversation-id` header names, where the
 * request's messages join its tree so that a multi-turn program builds one conversation. The user's
 * messages are saved before the model is called, so a provider failure loses none of them.
 */
export async function prepareCompletion(
  caller: ApiCaller,
  request: CompletionRequest,
  continuing: string | null,
): Promise<PreparedTurn> {
  if (continuing !== null && !conversationId.safeParse(continuing).success) {
    throw new ApiError(
      "VALIDATION",
      `The ${CONVERSATION_HEADER} header must be a conversation id this API returned.`,
    );
  }
  if (continuing !== null && !request.store) {
    throw new ApiError(
      "VALIDATION",
      `A request with store: false cannot continue a stored conversation (${CONVERSATION_HEADER}).`,
      "store",
    );
  }
  const settings = env();
  const admitted = await queryRow<ApiAdmitRow>(API_ADMIT, [
    caller.userId,
    `api:${caller.keyId}`,
    settings.API_RATE_LIMIT_PER_MINUTE,
    continuing,
  ]);
  if (admitted.found === 0) throw new AppError("UNAUTHENTICATED", "This API key's account is disabled.");
  if (admitted.allowed === 0) {
    const seconds = Math.max(1, admitted.retryAfter ?? 60);
    throw new ApiError(
      "RATE_LIMITED",
      `Rate limit reached: this key may make ${settings.API_RATE_LIMIT_PER_MINUTE} requests a minute. Try again in ${seconds} s.`,
      null,
      "rate_limit_exceeded",
      seconds,
    );
  }
  if (continuing !== null && admitted.conversationFound === 0) throw notFoundConversation(continuing);
  assertBudgetRow(admitted.budget ?? undefined);
  const resolved = await modelFor(caller, request.model);
  const params = samplingParams(request, resolved.params);
  // The offline demo model writes prose only: JSON asked of it would be silently ignored.
  if (params.responseFormat?.type === "json" && resolved.info.provider === "offline") {
    throw new ApiError(
      "VALIDATION",
      `The model '${resolved.info.id}' cannot produce JSON output (response_format).`,
      "response_format",
      "unsupported_parameter",
    );
  }
  const seed = request.seed ?? Math.floor(Math.random() * 2 ** 31);
  const assistantId = randomUUID();
  const turn: PreparedTurn = {
    userId: caller.userId,
    source: "api",
    persist: request.store,
    conversationId: continuing ?? randomUUID(),
    isNewConversation: continuing === null,
    title: titleFromMessage(request.turns.find((t) => t.role === "user")?.text ?? ""),
    userMessageId: "",
    newUserMessageId: null,
    assistantId,
    assistantCreatedAt: new Date(),
    ...resolved,
    params,
    system: request.system,
    // The API sends the conversation as the program wrote it: nothing is trimmed behind its back, and
    // the provider says when it is too long.
    history: request.turns,
    droppedCount: 0,
    seed,
  };
  if (!request.store) return turn;

  const join = continuing
    ? joinTree((await pool().query<TreeRow>({ ...API_TREE, values: [continuing] })).rows, request.turns)
    : { parentId: null, rest: request.turns };
  const ids = join.rest.map(() => randomUUID());
  const parents = ids.map((_, i) => (i === 0 ? join.parentId : ids[i - 1]!));
  const written = await queryRow<{ answerCreatedAt: Date | null }>(API_WRITE, [
    turn.conversationId,
    caller.userId,
    turn.title,
    resolved.info.id,
    request.system,
    caller.keyId,
    continuing === null,
    ids,
    parents,
    join.rest.map((t) => t.role),
    join.rest.map((t) => t.text),
    assistantId,
    ids.at(-1) ?? join.parentId,
    resolved.info.provider,
    JSON.stringify({ seed, ...params, ...(request.user !== null && { user: request.user }) }),
  ]);
  if (!written.answerCreatedAt) throw notFoundConversation(turn.conversationId);
  turn.userMessageId = ids.at(-1) ?? join.parentId!;
  turn.newUserMessageId = ids.at(-1) ?? null;
  turn.assistantCreatedAt = written.answerCreatedAt;
  return turn;
}

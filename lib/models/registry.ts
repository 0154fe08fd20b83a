import "server-only";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { env } from "../env";
import type { Role } from "../db/generated/enums";
import { AppError } from "../errors/app-error";
import type { ModelInfo } from "../ai/model-info";
import type { ChatCompletionsTarget } from "../ai/chat-completions-stream";
import { loadRegistry } from "./load-registry";
import type { ModelParams } from "./model-params";
import { modelInstances, type ModelCall } from "./model-instances";
import { announceInvalidation, listenForInvalidations, onInvalidation } from "../redis/invalidation";
import { versionedCache } from "./registry-cache";
import { readRegistryState } from "./registry-version";
import {
  defaultFor,
  findFor,
  modelsFor,
  type RegisteredModel,
  type RegistrySnapshot,
} from "./registry-snapshot";

// The one registry of callable models: the settings' providers, the admins' (PostgreSQL) and the
// offline model, in that order. Each instance caches it and compares RegistryState.version at most
// every REGISTRY_CHECK_MS on access, so a change made anywhere is served everywhere within that
// interval plus one reload (well under the 5 s the product promises).

export const REGISTRY_CHECK_MS = 2_000;

type Loaded = RegistrySnapshot & { call: (model: RegisteredModel) => ModelCall };

const cache = versionedCache<Loaded>({
  readVersion: async () => {
    listenForInvalidations();
    return (await readRegistryState()).version;
  },
  load: async () => {
    const snapshot = await loadRegistry();
    for (const warning of snapshot.warnings) console.warn(`Model registry: ${warning}`);
    return { ...snapshot, call: modelInstances(env()) };
  },
  checkEveryMs: REGISTRY_CHECK_MS,
});

// Another instance changed the registry (a Redis message, lib/redis/invalidation.ts): reload at once.
onInvalidation("registry", () => cache.invalidate());

/**
 * Drops this instance's copy: the next access reads the registry again. With REDIS_URL the other
 * instances are told too; without it they notice the version within REGISTRY_CHECK_MS.
 */
export function invalidateRegistry(): void {
  cache.invalidate();
  announceInvalidation("registry");
}

/** The models a role may pick, in picker order (the offline model last), and its default for new chats. */
export async function modelsForRole(role: Role): Promise<{ models: ModelInfo[]; defaultModelId: string }> {
  const snapshot = await cache.get();
  return {
    models: modelsFor(snapshot, role).map((model) => ({ ...model.info })),
    defaultModelId: defaultFor(snapshot, role),
  };
}

export type ResolvedModel = {
  info: ModelInfo;
  model: LanguageModelV4;
  upstream: ChatCompletionsTarget | undefined;
  /** Sent with the request when it sets none (the admin's defaults, the model's output limit). */
  params: ModelParams;
};

/**
 * The model to call for an id (null = the role's default). An id that is unknown, disabled, or not
 * open to the role is a validation error, alike. `role` may be a lookup, made only when the model is
 * restricted to some roles: the chat's hot path does not read the account for open models.
 */
export async function resolveModel(
  modelId: string | null | undefined,
  role: Role | (() => Promise<Role | null>),
): Promise<ResolvedModel> {
  const snapshot = await cache.get();
  const id = modelId ?? defaultFor(snapshot, typeof role === "string" ? role : "USER");
  const registered = snapshot.byId.get(id);
  let allowed = registered !== undefined && registered.roles === null;
  if (registered && !allowed) {
    const actual = typeof role === "string" ? role : await role();
    allowed = actual !== null && findFor(snapshot, id, actual) !== undefined;
  }
  if (!registered || !allowed) {
    throw new AppError(
      "VALIDATION",
      `Unknown model "${id.slice(0, 100)}": it is not available (any more). Pick a model from the list.`,
    );
  }
  return { info: { ...registered.info }, params: { ...registered.params }, ...snapshot.call(registered) };
}

/**
 * The model to call for an admin's evaluation or live trial (lib/evaluation): any registered model,
 * including one that is disabled (hidden from pickers) as long as its provider is enabled. Callers
 * authorise first; this is never reachable from a user's model choice.
 */
export async function resolveModelForEvaluation(modelId: string): Promise<ResolvedModel> {
  const snapshot = await cache.get();
  const registered = snapshot.byId.get(modelId) ?? snapshot.held.get(modelId);
  if (!registered) {
    throw new AppError(
      "VALIDATION",
      `Unknown model "${modelId.slice(0, 100)}": it is not registered, or its provider is disabled.`,
    );
  }
  return { info: { ...registered.info }, params: { ...registered.params }, ...snapshot.call(registered) };
}

/**
 * A registered model's details whatever its role restrictions, for pricing an answer it already made
 * (the interrupted-answers sweep); undefined when the registry does not know the id any more.
 */
export async function registeredModelInfo(id: string): Promise<ModelInfo | undefined> {
  const registered = (await cache.get()).byId.get(id);
  return registered ? { ...registered.info } : undefined;
}

/**
 * Display names for model ids an answer recorded: every model the registry knows, disabled ones
 * included. An id it no longer knows (its provider was deleted) has no entry, and is shown as it is.
 */
export async function modelNames(ids: Iterable<string>): Promise<Record<string, string>> {
  const snapshot = await cache.get();
  const names: Record<string, string> = {};
  for (const id of ids) {
    const name = snapshot.names.get(id);
    if (name !== undefined) names[id] = name;
  }
  return names;
}

import type { ModelInfo } from "../ai/model-info";
import type { Role } from "../db/generated/enums";
import type { ModelParams } from "./model-params";

// One reading of the registry, as a plain value: every callable model in picker order, with who may
// use it and how to call it. Built by lib/models/load-registry.ts; pure, so its rules (order, roles,
// the default) are tested without a database.

/** An admin-added provider, its secrets opened. Lives only in server memory. */
export type OpenedProvider = {
  id: string;
  type: "openai" | "openai-compatible" | "anthropic";
  name: string;
  baseUrl: string;
  apiKey: string | undefined;
  headers: Record<string, string>;
};

export type RegisteredModel = {
  info: ModelInfo;
  /** The roles that may use it; null = every role (the settings' models and the offline model). */
  roles: readonly Role[] | null;
  /** The id sent to the provider; `info.id` is the one users see and answers record. */
  upstreamId: string;
  params: ModelParams;
  /** null = from the settings or the offline model. */
  provider: OpenedProvider | null;
};

export type AdminModelRow = {
  info: ModelInfo;
  roles: readonly Role[];
  upstreamId: string;
  params: ModelParams;
  enabled: boolean;
};

export type AdminProviderRow = { provider: OpenedProvider; enabled: boolean; models: AdminModelRow[] };

export type RegistrySnapshot = {
  version: number;
  /** Callable models, in picker order: the settings', the admins', the offline model last. */
  models: RegisteredModel[];
  byId: Map<string, RegisteredModel>;
  /** RegistryState.defaultModelId, as stored. */
  storedDefaultId: string | null;
  /** DEFAULT_MODEL, when it names a callable model. */
  settingsDefaultId: string | undefined;
  /** Display names of every model the database knows, disabled ones included (old answers' labels). */
  names: Map<string, string>;
  /**
   * Disabled models of enabled providers: hidden from every picker, but an admin's evaluation or live
   * trial may still call them (a fine-tuned model is registered disabled until it proves itself).
   */
  held: Map<string, RegisteredModel>;
  /** Problems found while reading (a duplicate id, an unknown DEFAULT_MODEL), to log once. */
  warnings: string[];
};

export function buildSnapshot(input: {
  version: number;
  settingsModels: ModelInfo[];
  adminProviders: AdminProviderRow[];
  offline: ModelInfo;
  storedDefaultId: string | null;
  settingsDefaultId: string | undefined;
}): RegistrySnapshot {
  const models: RegisteredModel[] = [];
  const byId = new Map<string, RegisteredModel>();
  const names = new Map<string, string>();
  const held = new Map<string, RegisteredModel>();
  const warnings: string[] = [];
  const add = (model: RegisteredModel) => {
    // The offline model's id is reserved: it is listed last, but nothing else may take it.
    const taken = model.info.id === input.offline.id && model.info.provider !== "offline";
    if (taken || byId.has(model.info.id)) {
      warnings.push(
        `Model id "${model.info.id}" is registered twice; the first one (${byId.get(model.info.id)?.info.providerName ?? "Built-in"}) is used.`,
      );
      return;
    }
    byId.set(model.info.id, model);
    models.push(model);
  };
  for (const info of input.settingsModels) {
    add({ info, roles: null, upstreamId: info.id, params: paramsOf(info), provider: null });
  }
  for (const { provider, enabled, models: rows } of input.adminProviders) {
    for (const row of rows) {
      names.set(row.info.id, row.info.name);
      if (!enabled) continue;
      if (!row.enabled) {
        held.set(row.info.id, {
          info: row.info,
          roles: row.roles,
          upstreamId: row.upstreamId,
          params: row.params,
          provider,
        });
        continue;
      }
      add({ info: row.info, roles: row.roles, upstreamId: row.upstreamId, params: row.params, provider });
    }
  }
  add({ info: input.offline, roles: null, upstreamId: input.offline.id, params: {}, provider: null });
  for (const model of models) names.set(model.info.id, model.info.name);

  let settingsDefaultId = input.settingsDefaultId;
  if (settingsDefaultId && !byId.has(settingsDefaultId)) {
    warnings.push(
      `DEFAULT_MODEL "${settingsDefaultId}" is not a model in the registry (or it is disabled); it is ignored.`,
    );
    settingsDefaultId = undefined;
  }
  return {
    version: input.version,
    models,
    byId,
    storedDefaultId: input.storedDefaultId,
    settingsDefaultId,
    names,
    held,
    warnings,
  };
}

function paramsOf(info: ModelInfo): ModelParams {
  return info.maxOutputTokens === null ? {} : { maxOutputTokens: info.maxOutputTokens };
}

export function mayUse(model: RegisteredModel, role: Role): boolean {
  return model.roles === null || model.roles.includes(role);
}

/** The models a role may use, in picker order. */
export function modelsFor(snapshot: RegistrySnapshot, role: Role): RegisteredModel[] {
  return snapshot.models.filter((model) => mayUse(model, role));
}

/** A model by id, if the role may use it: to anyone else it does not exist. */
export function findFor(snapshot: RegistrySnapshot, id: string, role: Role): RegisteredModel | undefined {
  const model = snapshot.byId.get(id);
  return model && mayUse(model, role) ? model : undefined;
}

/** The default for new chats: the admin's choice > DEFAULT_MODEL > the first listed, each if the role may use it. */
export function defaultFor(snapshot: RegistrySnapshot, role: Role): string {
  for (const id of [snapshot.storedDefaultId, snapshot.settingsDefaultId]) {
    if (id && findFor(snapshot, id, role)) return id;
  }
  // The offline model is open to every role, so the list is never empty.
  return modelsFor(snapshot, role)[0]!.info.id;
}

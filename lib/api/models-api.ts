import "server-only";
import { modelsForRole } from "../models/registry";
import type { ApiCaller } from "../api-keys/verify";
import type { ModelInfo } from "../ai/model-info";
import { ApiError } from "./api-error";

/** A model as OpenAI's `GET /v1/models` lists it. */
export type ApiModel = { id: string; object: "model"; created: number; owned_by: string };

function apiModel(info: ModelInfo): ApiModel {
  // `created` is a date OpenAI's list carries; the registry keeps none per model, and 0 is what
  // OpenAI-compatible servers send when they have none.
  return { id: info.id, object: "model", created: 0, owned_by: info.providerName };
}

/** The models the key's user may use now (enabled, allowed for their role), in picker order. */
export async function listApiModels(caller: ApiCaller): Promise<{ object: "list"; data: ApiModel[] }> {
  const { models } = await modelsForRole(caller.role);
  return { object: "list", data: models.map(apiModel) };
}

/** One model by id; 404 for an unknown model and for one this user may not use alike. */
export async function getApiModel(caller: ApiCaller, id: string): Promise<ApiModel> {
  const { models } = await modelsForRole(caller.role);
  const found = models.find((model) => model.id === id);
  if (!found) {
    throw new ApiError(
      "NOT_FOUND",
      `The model '${id}' does not exist or you do not have access to it.`,
      "model",
      "model_not_found",
    );
  }
  return apiModel(found);
}

import "server-only";
import type { Actor } from "../auth/actor";
import { modelsForRole, resolveModel } from "../models/registry";
import { requirePlaygroundUser } from "./access";
import { modelCapabilities } from "./capabilities";
import type { PlaygroundModel } from "./types";

/** The models the caller may use in the playground, in picker order, and the default one. */
export async function playgroundModels(
  actor: Actor,
): Promise<{ models: PlaygroundModel[]; defaultModelId: string }> {
  const user = await requirePlaygroundUser(actor);
  const { models, defaultModelId } = await modelsForRole(user.role);
  const resolved = await Promise.all(models.map((model) => resolveModel(model.id, user.role)));
  return {
    models: resolved.map(({ info, params, model }) => ({
      info,
      defaults: params,
      capabilities: modelCapabilities({ ...info, upstreamId: model.modelId }),
    })),
    defaultModelId,
  };
}

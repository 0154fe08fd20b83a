import "server-only";
import { requireUser, type Actor } from "../auth/actor";
import { modelsForRole } from "./registry";
import { modelListSchema, type ModelList } from "./schemas";

/** The models the actor may use and their default for new chats (GET /api/models). Signed-in users only. */
export async function availableModels(actor: Actor): Promise<ModelList> {
  const user = await requireUser(actor);
  return modelListSchema.parse(await modelsForRole(user.role));
}

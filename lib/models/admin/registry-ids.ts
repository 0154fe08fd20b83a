import "server-only";
import { env } from "../../env";
import { OFFLINE_MODEL_ID } from "../../env-schema";
import { settingsProviders } from "../settings-models";

/**
 * Model ids the settings already name (their providers' models and the offline model). An admin's model
 * may not take one: an answer's modelId must name exactly one model.
 */
export function reservedModelIds(): Set<string> {
  const ids = new Set<string>([OFFLINE_MODEL_ID]);
  for (const provider of settingsProviders(env())) for (const model of provider.models) ids.add(model.id);
  return ids;
}

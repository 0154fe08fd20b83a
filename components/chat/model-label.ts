import type { ModelInfo } from "@/lib/ai/model-info";

// An answer records the model's id (Message.modelId, a plain string, not a reference), so its label
// survives anything that happens to the model later: the name while the registry still knows the id
// (listed for this user, or only recorded: disabled, or not open to their role), the id itself once
// its provider is gone.

/** Names by id: the recorded answers' models first, then the listed ones (which are current). */
export function modelNameMap(models: ModelInfo[], recorded: Record<string, string>): Map<string, string> {
  const names = new Map(Object.entries(recorded));
  for (const model of models) names.set(model.id, model.name);
  return names;
}

export function modelLabel(names: Map<string, string>, modelId: string | null | undefined): string {
  if (!modelId) return "";
  return names.get(modelId) ?? modelId;
}

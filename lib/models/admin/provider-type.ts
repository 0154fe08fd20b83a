import type { ProviderType } from "../../db/generated/enums";
import type { ProviderTypeName } from "./schemas";

// The database spells the enum openai_compatible (a Prisma identifier); everything else says
// "openai-compatible", as the settings and ModelInfo do.

export function toDbType(type: ProviderTypeName): ProviderType {
  return type === "openai-compatible" ? "openai_compatible" : type;
}

export function fromDbType(type: ProviderType): ProviderTypeName {
  return type === "openai_compatible" ? "openai-compatible" : type;
}

/** OpenAI and Anthropic always need a key; a self-hosted compatible server often needs none. */
export function needsKey(type: ProviderTypeName): boolean {
  return type !== "openai-compatible";
}

export const PROVIDER_TYPE_LABELS: Record<ProviderTypeName, string> = {
  openai: "OpenAI",
  "openai-compatible": "OpenAI-compatible",
  anthropic: "Anthropic",
};

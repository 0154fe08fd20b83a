// The adapter for each kind of fine-tuning account. Adapters hold no state (credentials come with each
// call), so one instance per kind serves every account and every poller.
import "server-only";
import { createOpenAIAdapter } from "./openai";
import { FineTuneProviderError, type FineTuneAdapter, type FineTuneKind } from "./types";

const openai = createOpenAIAdapter("openai");
const openaiCompatible = createOpenAIAdapter("openai_compatible");

export function adapterFor(kind: FineTuneKind): FineTuneAdapter {
  switch (kind) {
    case "openai":
      return openai;
    case "openai_compatible":
      return openaiCompatible;
    default:
      throw new FineTuneProviderError("invalid_input", `Fine-tuning with ${kind} is not available yet.`);
  }
}

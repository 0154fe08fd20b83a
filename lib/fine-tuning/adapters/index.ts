// The adapter for each kind of fine-tuning account. Adapters hold no state (credentials come with each
// call), so one instance per kind serves every account and every poller.
import "server-only";
import { createFireworksAdapter } from "./fireworks";
import { createOpenAIAdapter } from "./openai";
import { createTogetherAdapter } from "./together";
import type { FineTuneAdapter, FineTuneKind } from "./types";

const adapters: Record<FineTuneKind, FineTuneAdapter> = {
  openai: createOpenAIAdapter("openai"),
  openai_compatible: createOpenAIAdapter("openai_compatible"),
  together: createTogetherAdapter(),
  fireworks: createFireworksAdapter(),
};

export function adapterFor(kind: FineTuneKind): FineTuneAdapter {
  return adapters[kind];
}

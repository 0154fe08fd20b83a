import { z } from "zod";

// An admin model's default sampling parameters (ModelConfig.defaultParams), applied when a request
// sets none. Stored as JSON, so read through a schema: a malformed value sends nothing rather than
// something the provider rejects.

export type ModelParams = {
  temperature?: number;
  topP?: number;
  /** The most tokens an answer may have. */
  maxOutputTokens?: number;
};

const stored = z.object({
  temperature: z.number().min(0).max(2).optional().catch(undefined),
  topP: z.number().gt(0).max(1).optional().catch(undefined),
  maxTokens: z.number().int().positive().optional().catch(undefined),
});

/**
 * The parameters to send for a model: its stored defaults, and its maximum output as the answer's
 * length limit when the defaults set none.
 */
export function modelParams(defaultParams: unknown, maxOutputTokens: number | null): ModelParams {
  const parsed = stored.safeParse(defaultParams ?? {});
  const values = parsed.success ? parsed.data : {};
  const params: ModelParams = {};
  if (values.temperature !== undefined) params.temperature = values.temperature;
  if (values.topP !== undefined) params.topP = values.topP;
  const maxTokens = values.maxTokens ?? maxOutputTokens ?? undefined;
  if (maxTokens !== undefined) params.maxOutputTokens = maxTokens;
  return params;
}

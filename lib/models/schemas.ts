// What GET /api/models answers, shared by the server (which parses its own answer with it, so a field
// added by mistake, such as a key, fails instead of leaving) and the browser.
import { z } from "zod";

const price = z.number().nonnegative().nullable();

export const modelInfoSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string(),
  provider: z.enum(["offline", "openai", "openai-compatible", "anthropic"]),
  providerName: z.string(),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive().nullable(),
  inputPricePerMTok: price,
  cachedInputPricePerMTok: price,
  outputPricePerMTok: price,
});

export const modelListSchema = z.strictObject({
  models: z.array(modelInfoSchema).min(1),
  defaultModelId: z.string().min(1),
});
export type ModelList = z.infer<typeof modelListSchema>;

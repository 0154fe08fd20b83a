// The parameters one answer is generated with, in the AI SDK's spelling (LanguageModelV4CallOptions).
// The chat sends a model's defaults (temperature, top P, maximum output); the public API may set any of
// them (lib/api/completions). Each is sent upstream only when set.

export type ResponseFormat =
  | { type: "text" }
  | { type: "json"; schema?: Record<string, unknown>; name?: string; description?: string; strict?: boolean };

export type SamplingParams = {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseFormat?: ResponseFormat;
};

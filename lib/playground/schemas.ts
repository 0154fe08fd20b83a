// The playground's set-up: models, system prompt, messages and parameters. One schema for the browser
// (the form and the presets), the server (a run, a saved preset) and "View code". Parameters use the
// AI SDK's spelling (lib/ai/sampling-params.ts); the ranges are OpenAI's, as the public API's are.
import { z } from "zod";
import { isStorableText, USER_TEXT_MESSAGE } from "../validation/user-text";

export const PLAYGROUND_LIMITS = {
  /** Models in one run: one, or 2–4 side by side ("Compare"). */
  models: 4,
  messages: 100,
  messageChars: 100_000,
  systemPromptChars: 20_000,
  stopSequences: 4,
  stopSequenceChars: 100,
  schemaChars: 20_000,
  presetNameChars: 80,
} as const;

const ranged = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} is a number from ${min} to ${max}.` })
    .min(min, `${label} is at least ${min}.`)
    .max(max, `${label} is at most ${max}.`);

export const playgroundMessage = z.object({
  role: z.enum(["user", "assistant"], "A message's role is user or assistant."),
  content: z
    .string({ error: "A message is text." })
    .max(
      PLAYGROUND_LIMITS.messageChars,
      `A message has at most ${PLAYGROUND_LIMITS.messageChars} characters.`,
    ),
});

/**
 * "Text", or "JSON" with an optional JSON Schema written as text (as the admin typed it: the
 * playground shows it back unchanged). A schema must parse to a JSON object.
 */
export const playgroundResponseFormat = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({
    type: z.literal("json"),
    schema: z
      .string()
      .max(
        PLAYGROUND_LIMITS.schemaChars,
        `The JSON schema has at most ${PLAYGROUND_LIMITS.schemaChars} characters.`,
      )
      .refine(
        (text) => text.trim() === "" || isJsonObject(text),
        "The JSON schema is not a valid JSON object.",
      )
      .optional(),
  }),
]);

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Every parameter is optional: unset means the model's default (its admin defaults, then the provider's). */
export const playgroundParams = z
  .object({
    temperature: ranged("Temperature", 0, 2).optional(),
    topP: ranged("Top P", 0, 1).optional(),
    maxOutputTokens: z
      .number({ error: "Maximum tokens is a whole number." })
      .int("Maximum tokens is a whole number.")
      .min(1, "Maximum tokens is at least 1.")
      .max(1_000_000, "Maximum tokens is at most 1000000.")
      .optional(),
    stopSequences: z
      .array(
        z
          .string()
          .min(1, "A stop sequence is not empty.")
          .max(PLAYGROUND_LIMITS.stopSequenceChars, "A stop sequence has at most 100 characters."),
      )
      .max(PLAYGROUND_LIMITS.stopSequences, "At most 4 stop sequences.")
      .optional(),
    seed: z
      .number({ error: "Seed is a whole number." })
      .int("Seed is a whole number.")
      .min(-(2 ** 53) + 1, "Seed is too small.")
      .max(2 ** 53 - 1, "Seed is too large.")
      .optional(),
    presencePenalty: ranged("Presence penalty", -2, 2).optional(),
    frequencyPenalty: ranged("Frequency penalty", -2, 2).optional(),
    responseFormat: playgroundResponseFormat.optional(),
  })
  .strict();

export const playgroundSettings = z.object({
  /** Model ids from the user's model list; more than one means "Compare". */
  models: z
    .array(z.string().min(1, "Choose a model.").max(200))
    .min(1, "Choose a model.")
    .max(PLAYGROUND_LIMITS.models, `Compare at most ${PLAYGROUND_LIMITS.models} models.`)
    .refine((ids) => new Set(ids).size === ids.length, "Choose each model once."),
  systemPrompt: z
    .string()
    .max(
      PLAYGROUND_LIMITS.systemPromptChars,
      `The system prompt has at most ${PLAYGROUND_LIMITS.systemPromptChars} characters.`,
    ),
  messages: z
    .array(playgroundMessage)
    .max(PLAYGROUND_LIMITS.messages, `At most ${PLAYGROUND_LIMITS.messages} messages.`),
  params: playgroundParams,
});

export type PlaygroundMessage = z.infer<typeof playgroundMessage>;
export type PlaygroundParams = z.infer<typeof playgroundParams>;
export type PlaygroundSettings = z.infer<typeof playgroundSettings>;

// Presets ("Save preset"): a name per user, and the set-up as the schema above validates it.

/** Texts of a set-up that PostgreSQL must be able to store (no NUL, no lone surrogate). */
function settingsTexts(settings: PlaygroundSettings): string[] {
  const format = settings.params.responseFormat;
  return [
    settings.systemPrompt,
    ...settings.messages.map((message) => message.content),
    ...(settings.params.stopSequences ?? []),
    ...(format?.type === "json" && format.schema !== undefined ? [format.schema] : []),
  ];
}

export const presetName = z
  .string({ error: "Name the preset." })
  .trim()
  .min(1, "Name the preset.")
  .max(
    PLAYGROUND_LIMITS.presetNameChars,
    `A preset's name has at most ${PLAYGROUND_LIMITS.presetNameChars} characters.`,
  )
  .refine(isStorableText, USER_TEXT_MESSAGE);

/** "Save preset": creates one, or replaces the caller's own preset of that name when `overwrite`. */
export const savePresetInput = z
  .object({
    name: presetName,
    settings: playgroundSettings.refine(
      (settings) => settingsTexts(settings).every(isStorableText),
      USER_TEXT_MESSAGE,
    ),
    overwrite: z.boolean().optional(),
  })
  .strict();

export const renamePresetInput = z.object({ presetId: z.uuid("Unknown preset."), name: presetName }).strict();

export const deletePresetInput = z.object({ presetId: z.uuid("Unknown preset.") }).strict();

/** "Share with everyone" (admins, their own presets). */
export const sharePresetInput = z
  .object({
    presetId: z.uuid("Unknown preset."),
    shared: z.boolean({ error: "Shared is on or off." }),
  })
  .strict();

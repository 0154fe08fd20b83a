import { z } from "zod";
import { isStorableText, USER_TEXT_MESSAGE } from "../../validation/user-text";
import { ApiError } from "../api-error";
import { parseApiInput } from "../parse-api-input";

// The body of POST /api/v1/chat/completions, as OpenAI documents it (../shared/reference/
// openai-wire-format.md), limited to what Flywheel honours. Anything else is refused with a 400 that
// names it: a parameter we would silently drop (n: 3, tools…) gives a program answers it did not ask
// for. Optional fields may be null, as the SDKs allow.

const text = z.string().refine(isStorableText, USER_TEXT_MESSAGE);

const textPart = z.strictObject({
  type: z.literal("text", { error: "Only text content parts are supported." }),
  text,
});

const content = z.union([text, z.array(textPart).min(1, "Content parts may not be empty.")], {
  error: "Content must be a string or an array of text parts.",
});

const message = z.strictObject({
  role: z.enum(["system", "developer", "user", "assistant"], {
    error: "Role must be one of system, developer, user or assistant (tools are not supported).",
  }),
  content,
});

const jsonSchemaFormat = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "A name of letters, digits, _ and -, up to 64."),
  description: z.string().max(4096).optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullish(),
});

const responseFormat = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("text") }),
    z.strictObject({ type: z.literal("json_object") }),
    z.strictObject({ type: z.literal("json_schema"), json_schema: jsonSchemaFormat }),
  ],
  { error: "Type must be text, json_object or json_schema." },
);

const number = (min: number, max: number) => z.number().min(min).max(max).nullish();

const body = z.strictObject({
  model: z.string({ error: "Name a model (GET /v1/models lists them)." }).min(1).max(200),
  messages: z
    .array(message, { error: "Messages must be an array." })
    .min(1, "Messages may not be empty.")
    .max(10_000),
  stream: z.boolean().nullish(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullish(),
  temperature: number(0, 2),
  top_p: number(0, 1),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  stop: z.union([text.min(1), z.array(text.min(1)).max(4)]).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: number(-2, 2),
  frequency_penalty: number(-2, 2),
  response_format: responseFormat.nullish(),
  user: z.string().max(256).nullish(),
  store: z.boolean().nullish(),
  // Accepted only at the value that asks for nothing more than one plain answer.
  n: z.literal(1, { error: "Only one choice per request is supported (n must be 1)." }).nullish(),
  logprobs: z.literal(false, { error: "Log probabilities are not supported." }).nullish(),
});

export type CompletionBody = z.infer<typeof body>;

/** Parameters OpenAI has and Flywheel does not honour: named in the error, so the caller knows. */
const UNSUPPORTED = new Set([
  "tools",
  "tool_choice",
  "functions",
  "function_call",
  "parallel_tool_calls",
  "top_logprobs",
  "logit_bias",
  "audio",
  "modalities",
  "prediction",
  "reasoning_effort",
  "service_tier",
  "web_search_options",
  "metadata",
  "verbosity",
]);

export type CompletionRequest = {
  model: string;
  /** The system and developer messages, joined: the conversation's system prompt. */
  system: string;
  /** The conversation, oldest first; the last is the user's. */
  turns: { role: "user" | "assistant"; text: string }[];
  stream: boolean;
  includeUsage: boolean;
  store: boolean;
  seed: number | null;
  user: string | null;
  body: CompletionBody;
};

const textOf = (value: z.infer<typeof content>) =>
  typeof value === "string" ? value : value.map((part) => part.text).join("");

/** Parses and checks a request body; every refusal is a 400 naming its parameter. */
export function parseCompletionRequest(raw: unknown): CompletionRequest {
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      if (UNSUPPORTED.has(key) && value !== null && value !== undefined) {
        throw new ApiError(
          "VALIDATION",
          `The parameter '${key}' is not supported by this server.`,
          key,
          "unsupported_parameter",
        );
      }
    }
  }
  const input = parseApiInput(body, raw);
  if (input.stream_options && !input.stream) {
    throw new ApiError(
      "VALIDATION",
      "The 'stream_options' parameter is only allowed when 'stream' is true.",
      "stream_options",
    );
  }
  const system: string[] = [];
  const turns: CompletionRequest["turns"] = [];
  for (const m of input.messages) {
    if (m.role === "system" || m.role === "developer") system.push(textOf(m.content));
    else turns.push({ role: m.role, text: textOf(m.content) });
  }
  if (input.messages.at(-1)!.role !== "user") {
    throw new ApiError(
      "VALIDATION",
      `The last message must be the user's (it was '${input.messages.at(-1)!.role}').`,
      "messages",
    );
  }
  const stop = input.stop ?? undefined;
  return {
    model: input.model,
    system: system.join("\n\n"),
    turns,
    stream: input.stream ?? false,
    includeUsage: input.stream_options?.include_usage ?? false,
    store: input.store ?? true,
    seed: input.seed ?? null,
    user: input.user ?? null,
    body: { ...input, stop },
  };
}

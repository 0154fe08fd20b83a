// Inputs of Admin → Models, one zod schema per action, shared by the forms and the server. Numbers
// arrive from form fields as text; "" means "not set".
import { z } from "zod";
import { userText } from "../../validation/user-text";

export const PROVIDER_TYPES = ["openai", "openai-compatible", "anthropic"] as const;
export type ProviderTypeName = (typeof PROVIDER_TYPES)[number];

/** The API root each type's base URL field starts with. */
export const DEFAULT_BASE_URLS: Record<ProviderTypeName, string> = {
  openai: "https://api.openai.com/v1",
  "openai-compatible": "http://localhost:11434/v1",
  anthropic: "https://api.anthropic.com",
};

/** Above this a price per 1M tokens is a typo (the dearest list prices are in the hundreds). */
export const MAX_PRICE_PER_MTOK = 10_000;
export const MAX_CONTEXT_WINDOW = 10_000_000;
export const MAX_OUTPUT_TOKENS = 1_000_000;
export const MAX_HEADERS = 20;

export const baseUrl = z
  .string()
  .trim()
  .min(1, "Enter the provider's base URL.")
  .max(2000, "The base URL is at most 2000 characters.")
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter a full URL, e.g. https://api.openai.com/v1." });
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "The base URL must start with http:// or https://." });
    } else if (url.username || url.password) {
      // A password in the URL would be stored and shown in clear: it belongs in the key or a header.
      ctx.addIssue({
        code: "custom",
        message: "Put credentials in the API key or a header, not in the URL.",
      });
    } else if (url.search || url.hash) {
      ctx.addIssue({ code: "custom", message: "The base URL takes no query (?…) or fragment (#…)." });
    }
  })
  .transform((value) => value.replace(/\/+$/, ""));

export const apiKey = z
  .string()
  .trim()
  .max(1000, "The API key is at most 1000 characters.")
  .refine((value) => !/[\s\u0000-\u001f\u007f]/.test(value), "The API key has spaces or control characters.");

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
// Headers Flywheel sets itself, or that would break the request.
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "content-type",
  "transfer-encoding",
  "connection",
]);

/**
 * Extra headers typed one per line as "Name: value". "" = none. Parsed into an object here, so the
 * server never stores text it could not send.
 */
const headersText = userText()
  .max(8000, "Extra headers are at most 8000 characters.")
  .transform((text, ctx) => {
    const headers: Record<string, string> = {};
    const lines = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    for (const line of lines) {
      const colon = line.indexOf(":");
      const name = colon > 0 ? line.slice(0, colon).trim() : "";
      const value = colon > 0 ? line.slice(colon + 1).trim() : "";
      if (!HEADER_NAME.test(name)) {
        ctx.addIssue({
          code: "custom",
          message: `Write each header as "Name: value" (line "${line.slice(0, 40)}").`,
        });
        return z.NEVER;
      }
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        ctx.addIssue({ code: "custom", message: `Flywheel sets ${name} itself.` });
        return z.NEVER;
      }
      // HTTP header values are bytes; fetch refuses anything outside Latin-1, so keep to printable ASCII.
      if (/[^\x20-\x7e\t]/.test(value)) {
        ctx.addIssue({ code: "custom", message: `The value of ${name} must be printable ASCII text.` });
        return z.NEVER;
      }
      headers[name] = value;
    }
    if (Object.keys(headers).length > MAX_HEADERS) {
      ctx.addIssue({ code: "custom", message: `At most ${MAX_HEADERS} extra headers.` });
      return z.NEVER;
    }
    return headers;
  });

const providerType = z.enum(PROVIDER_TYPES, "Choose OpenAI, OpenAI-compatible or Anthropic.");
const providerName = userText()
  .trim()
  .min(1, "Enter a display name.")
  .max(80, "The display name is at most 80 characters.");

export const createProviderInput = z.object({
  type: providerType,
  name: providerName,
  baseUrl,
  apiKey: apiKey.default(""),
  headers: headersText.default({}),
});

/** On edit an empty key keeps the stored one; empty headers keep the stored ones unless cleared. */
export const updateProviderInput = createProviderInput.extend({
  providerId: z.uuid("Unknown provider."),
  clearHeaders: z.boolean().default(false),
});

/** "Test connection" from the form: the stored key (and headers) stand in when the fields are empty. */
export const testConnectionInput = createProviderInput.extend({
  providerId: z.uuid("Unknown provider.").optional(),
});

export const providerIdInput = z.object({ providerId: z.uuid("Unknown provider.") });
export const setProviderEnabledInput = providerIdInput.extend({ enabled: z.boolean() });
export const deleteProviderInput = providerIdInput.extend({
  /** The provider's display name, typed by the admin: a deletion cannot happen by a stray click. */
  confirmation: z.string().trim().max(200),
});

// --- Models ----------------------------------------------------------------------------------------

/** Model ids are sent upstream and stored with every answer: no spaces, nothing invisible. */
export const modelIdText = userText()
  .trim()
  .min(1, "Enter the model's id.")
  .max(200, "Model ids are at most 200 characters.")
  .refine(
    (value) => !/[\s\u0000-\u001f\u007f]/.test(value),
    "Model ids have no spaces or control characters.",
  );

export function optionalNumber(label: string, min: number, max: number, { integer = false } = {}) {
  return z.union([z.number(), z.string(), z.null()]).transform((raw, ctx) => {
    if (raw === null || (typeof raw === "string" && raw.trim() === "")) return null;
    const value = typeof raw === "number" ? raw : Number(raw.trim());
    if (!Number.isFinite(value)) {
      ctx.addIssue({ code: "custom", message: `${label} must be a number.` });
      return z.NEVER;
    }
    if (integer && !Number.isInteger(value)) {
      ctx.addIssue({ code: "custom", message: `${label} must be a whole number.` });
      return z.NEVER;
    }
    if (value < min) {
      ctx.addIssue({ code: "custom", message: `${label} cannot be below ${min}.` });
      return z.NEVER;
    }
    if (value > max) {
      ctx.addIssue({ code: "custom", message: `${label} cannot be above ${max.toLocaleString("en-US")}.` });
      return z.NEVER;
    }
    return value;
  });
}

const price = (label: string) => optionalNumber(label, 0, MAX_PRICE_PER_MTOK);

export const addModelInput = z.object({ providerId: z.uuid("Unknown provider."), modelId: modelIdText });

export const updateModelInput = z
  .object({
    modelConfigId: z.uuid("Unknown model."),
    displayName: userText()
      .trim()
      .min(1, "Enter a display name.")
      .max(100, "The display name is at most 100 characters."),
    description: userText().trim().max(500, "The description is at most 500 characters.").default(""),
    contextWindow: optionalNumber("The context window", 1, MAX_CONTEXT_WINDOW, { integer: true }).refine(
      (value) => value !== null,
      "Enter the context window in tokens.",
    ),
    maxOutputTokens: optionalNumber("Maximum output tokens", 1, MAX_OUTPUT_TOKENS, { integer: true }),
    inputPricePerMTok: price("The input price"),
    cachedInputPricePerMTok: price("The cached-input price"),
    outputPricePerMTok: price("The output price"),
    allowedRoles: z
      .array(z.enum(["USER", "ADMIN"]))
      .min(1, "Choose at least one role.")
      .transform((roles) => [...new Set(roles)].sort()),
    temperature: optionalNumber("Temperature", 0, 2),
    topP: optionalNumber("top_p", 0, 1),
    maxTokens: optionalNumber("Max tokens", 1, MAX_OUTPUT_TOKENS, { integer: true }),
    enabled: z.boolean(),
  })
  .superRefine((input, ctx) => {
    if (
      input.maxOutputTokens !== null &&
      input.contextWindow !== null &&
      input.maxOutputTokens > input.contextWindow
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["maxOutputTokens"],
        message: "Maximum output tokens cannot exceed the context window.",
      });
    }
    if (
      input.maxTokens !== null &&
      input.maxOutputTokens !== null &&
      input.maxTokens > input.maxOutputTokens
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["maxTokens"],
        message: "The default max tokens cannot exceed the maximum output tokens.",
      });
    }
  });

export const modelConfigIdInput = z.object({ modelConfigId: z.uuid("Unknown model.") });
export const setModelEnabledInput = modelConfigIdInput.extend({ enabled: z.boolean() });

/** The default model for new chats: any registry id (admin-added, from settings, offline), or none. */
export const setDefaultModelInput = z.object({ modelId: modelIdText.nullable() });

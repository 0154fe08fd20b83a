// The settings Flywheel understands, validated with zod. Kept free of "server-only" so that the CLI
// scripts (start, migrate, export) validate exactly the same way as the app; the app itself reads
// settings only through lib/env.ts.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseProxyEntry } from "./auth/client-address";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const onOff = z
  .enum(["on", "off", "true", "false", "1", "0"])
  .transform((value) => value === "on" || value === "true" || value === "1");

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), {
    message: "must be a postgresql:// connection string",
  });

// Optional: unset, one instance keeps everything in process and PostgreSQL (docs/redis.md).
const redisUrl = z
  .string()
  .trim()
  .refine((value) => /^rediss?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: "must be a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379)",
  });

const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" });

/** "a, b,,a" → ["a", "b"]: model lists are written by hand, so blanks and repeats are forgiven. */
const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) => [
      ...new Set(
        value
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean),
      ),
    ]);

/** The id of the built-in offline model (lib/ai/offline-model.ts); always available. */
export const OFFLINE_MODEL_ID = "offline-demo";

export type ModelProvider = "openai" | "openai-compatible" | "anthropic";

// One entry of MODELS_FILE. Strict, so that a misspelt key ("contextWindows") is reported, not ignored.
const modelsFileEntry = z
  .object({
    id: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(200).optional(),
    provider: z.enum(["openai", "openai-compatible", "anthropic"]),
    contextWindow: z.number().int().min(256).max(100_000_000).optional(),
    inputPricePerMTok: z.number().nonnegative().nullable().optional(),
    outputPricePerMTok: z.number().nonnegative().nullable().optional(),
  })
  .strict();

const modelsFileSchema = z.array(modelsFileEntry).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.id)) {
      ctx.addIssue({ code: "custom", path: [index, "id"], message: `"${entry.id}" is listed twice` });
    }
    seen.add(entry.id);
  });
});

export type ModelsFileEntry = z.infer<typeof modelsFileEntry>;

function readModelsFile(file: string, ctx: z.RefinementCtx): { path: string; models: ModelsFileEntry[] } {
  const fail = (message: string) => {
    ctx.addIssue({ code: "custom", message: `${file}: ${message}` });
    return z.NEVER;
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return fail(`cannot be read (${code})`);
    return fail(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = modelsFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map(
        (issue) =>
          `${issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("") || "(top level)"}: ${issue.message}`,
      );
    return fail(
      `is not a valid models list (an array of {id, name, provider, contextWindow, inputPricePerMTok, outputPricePerMTok}): ${problems.join("; ")}`,
    );
  }
  return { path: file, models: result.data };
}

/** A real (non-offline) model made available by the settings. */
export type ConfiguredModel = {
  id: string;
  provider: ModelProvider;
  name?: string;
  contextWindow?: number;
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
};

type ModelSettings = {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_MODELS: string[];
  OPENAI_COMPATIBLE_BASE_URL?: string | undefined;
  OPENAI_COMPATIBLE_MODELS: string[];
  ANTHROPIC_API_KEY?: string | undefined;
  ANTHROPIC_MODELS: string[];
  MODELS_FILE?: { models: ModelsFileEntry[] } | undefined;
};

/**
 * The models the settings make callable, in picker order: the env lists of every provider that has
 * credentials, then MODELS_FILE, whose entries replace same-id models (name, window, prices) or add new
 * ones. File entries for a provider without credentials are skipped: they could not be called.
 */
export function configuredModels(env: ModelSettings): ConfiguredModel[] {
  const available: Record<ModelProvider, boolean> = {
    openai: Boolean(env.OPENAI_API_KEY),
    "openai-compatible": Boolean(env.OPENAI_COMPATIBLE_BASE_URL),
    anthropic: Boolean(env.ANTHROPIC_API_KEY),
  };
  const byId = new Map<string, ConfiguredModel>();
  const lists: [ModelProvider, string[]][] = [
    ["openai", env.OPENAI_MODELS],
    ["openai-compatible", env.OPENAI_COMPATIBLE_MODELS],
    ["anthropic", env.ANTHROPIC_MODELS],
  ];
  for (const [provider, ids] of lists) {
    if (!available[provider]) continue;
    for (const id of ids) {
      // An id offered by two providers goes to the first: the picker needs ids to be unique.
      if (!byId.has(id)) byId.set(id, { id, provider, inputPricePerMTok: null, outputPricePerMTok: null });
    }
  }
  for (const entry of env.MODELS_FILE?.models ?? []) {
    if (!available[entry.provider] || entry.id === OFFLINE_MODEL_ID) continue;
    byId.set(entry.id, {
      ...entry,
      inputPricePerMTok: entry.inputPricePerMTok ?? null,
      outputPricePerMTok: entry.outputPricePerMTok ?? null,
    });
  }
  return [...byId.values()];
}

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    DATABASE_URL: postgresUrl.optional(),
    REDIS_URL: redisUrl.optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    AUTH_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (generate one with: openssl rand -base64 32)")
      .optional(),
    // Seals provider API keys at rest (lib/crypto/secret-box.ts); derived from AUTH_SECRET when unset.
    ENCRYPTION_KEY: z
      .string()
      .min(32, "must be at least 32 characters (generate one with: openssl rand -base64 32)")
      .optional(),
    // Keys being rotated out: still read, never written (docs/models.md, "Rotating ENCRYPTION_KEY").
    ENCRYPTION_KEY_PREVIOUS: commaList("").superRefine((keys, ctx) => {
      if (keys.some((key) => key.length < 32)) {
        ctx.addIssue({ code: "custom", message: "each key must be at least 32 characters" });
      }
    }),
    AUTH_URL: z.url().optional(),
    AUTH_GITHUB_ID: optionalString,
    AUTH_GITHUB_SECRET: optionalString,
    AUTH_GOOGLE_ID: optionalString,
    AUTH_GOOGLE_SECRET: optionalString,
    ADMIN_EMAILS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((email) => email.trim().toLowerCase())
          .filter(Boolean),
      ),
    TRAINING_CONSENT_DEFAULT: onOff.default(true),
    SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
    SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    SIGNUP_MAX_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
    // Reverse proxies whose X-Forwarded-For entries are believed (lib/auth/client-address.ts).
    TRUSTED_PROXIES: commaList("").superRefine((entries, ctx) => {
      for (const entry of entries) {
        if (!parseProxyEntry(entry)) {
          ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address or CIDR range` });
        }
      }
    }),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    // Request and error logs (lib/ops/logger.ts): JSON lines under `npm start`, readable in development.
    LOG_LEVEL: z.enum(["error", "warn", "info", "debug"]).default("info"),
    // How long SIGTERM lets answers in flight finish before they are stopped and saved (scripts/start.ts).
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: httpUrl.optional(),
    OPENAI_MODELS: commaList("gpt-4.1-mini,gpt-4.1"),
    OPENAI_COMPATIBLE_BASE_URL: httpUrl.optional(),
    OPENAI_COMPATIBLE_API_KEY: optionalString,
    OPENAI_COMPATIBLE_MODELS: commaList(""),
    OPENAI_COMPATIBLE_NAME: z.string().trim().min(1).max(60).default("OpenAI-compatible"),
    ANTHROPIC_API_KEY: optionalString,
    ANTHROPIC_MODELS: commaList("claude-sonnet-5-5,claude-haiku-5-5"),
    MODELS_FILE: optionalString.transform((file, ctx) =>
      file === undefined ? undefined : readModelsFile(file, ctx),
    ),
    DEFAULT_MODEL: optionalString,
    OFFLINE_MODEL_WORD_DELAY_MS: z.coerce.number().int().min(0).max(5000).default(40),
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
    CHAT_MAX_MESSAGE_CHARS: z.coerce.number().int().min(100).max(1_000_000).default(32_000),
    CHAT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
    FEEDBACK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
    API_CORS_ORIGINS: commaList(""),
    // Requests per minute per API key (chat completions), and the largest /api/v1 request body.
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
    API_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(4 * 1024 * 1024),
    TITLE_GENERATION: onOff.default(true),
    FLYWHEEL_DATA_DIR: z.string().default(".data"),
    // Where saved datasets' files go (lib/datasets); blank: <FLYWHEEL_DATA_DIR>/datasets.
    DATASETS_DIR: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.OPENAI_COMPATIBLE_BASE_URL && env.OPENAI_COMPATIBLE_MODELS.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["OPENAI_COMPATIBLE_MODELS"],
        message: "is required when OPENAI_COMPATIBLE_BASE_URL is set (comma-separated model ids)",
      });
    }
    // DEFAULT_MODEL is not checked against the settings' models: it may name a model an admin added
    // (Admin → Models), which only the registry knows. An unknown id is logged and skipped there.
    for (const provider of ["GITHUB", "GOOGLE"] as const) {
      const id = env[`AUTH_${provider}_ID`];
      const secret = env[`AUTH_${provider}_SECRET`];
      if (Boolean(id) !== Boolean(secret)) {
        ctx.addIssue({
          code: "custom",
          path: [id ? `AUTH_${provider}_SECRET` : `AUTH_${provider}_ID`],
          message: `is required when ${id ? `AUTH_${provider}_ID` : `AUTH_${provider}_SECRET`} is set`,
        });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Validates a settings record; the error message names every bad setting, one per line. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "not set" (a blank line in .env), not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join(".") || "(settings)"}: ${issue.message}`,
    );
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

// The settings Flywheel understands, validated with zod. Kept free of "server-only" so that the CLI
// scripts (start, migrate, export) validate exactly the same way as the app; the app itself reads
// settings only through lib/env.ts.
import { z } from "zod";

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

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    DATABASE_URL: postgresUrl.optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    AUTH_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (generate one with: openssl rand -base64 32)")
      .optional(),
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
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    FLYWHEEL_DATA_DIR: z.string().default(".data"),
  })
  .superRefine((env, ctx) => {
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

// Command-line flags of the feedback seed, shared with the benchmarks that pass them through.
import type { ParseArgsConfig } from "node:util";

export const DEFAULT_SEED_URL = "postgresql://postgres@127.0.0.1:5432/flywheel_bench";

export const seedArgOptions = {
  feedback: { type: "string" },
  conversations: { type: "string" },
  models: { type: "string" },
  users: { type: "string" },
  url: { type: "string" },
  reseed: { type: "boolean" },
} satisfies ParseArgsConfig["options"];

export type SeedArgs = {
  url: string;
  feedback: number;
  conversations: number;
  models: number;
  users: number;
  reseed: boolean;
};

type Values = {
  [K in keyof typeof seedArgOptions]?: (typeof seedArgOptions)[K]["type"] extends "boolean"
    ? boolean
    : string;
};

function count(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value.replaceAll("_", ""));
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return parsed;
}

/** Defaults: 1,000,000 feedback rows over 50,000 conversations of 2,000 users and 5 models. */
export function seedArgsFrom(values: Values, env: NodeJS.ProcessEnv = process.env): SeedArgs {
  return {
    url: values.url ?? env.BENCH_DATABASE_URL ?? DEFAULT_SEED_URL,
    feedback: count("feedback", values.feedback, 1_000_000, 0, 100_000_000),
    conversations: count("conversations", values.conversations, 50_000, 1, 10_000_000),
    models: count("models", values.models, 5, 1, 100),
    users: count("users", values.users, 2_000, 1, 10_000_000),
    reseed: values.reseed ?? false,
  };
}

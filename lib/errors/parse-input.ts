import type { z } from "zod";
import { AppError } from "./app-error";
import { fieldErrorsOf } from "./action-result";

/**
 * Validates a domain function's input: a failure is a VALIDATION AppError with field messages. The
 * top-level message is `message` when given (forms show it above their fields), else the first field's.
 */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown, message?: string): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldErrorsOf(parsed.error);
    throw new AppError("VALIDATION", message ?? Object.values(fields)[0] ?? "Invalid input.", fields);
  }
  return parsed.data;
}

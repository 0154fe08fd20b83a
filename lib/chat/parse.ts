import type { z } from "zod";
import { AppError } from "../errors/app-error";
import { fieldErrorsOf } from "../errors/action-result";

/** Validates domain input; a failure is a VALIDATION AppError with field messages. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldErrorsOf(parsed.error);
    const first = Object.values(fields)[0] ?? "Invalid input.";
    throw new AppError("VALIDATION", first, fields);
  }
  return parsed.data;
}

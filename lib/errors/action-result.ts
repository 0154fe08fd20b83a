import type { z } from "zod";
import { knownAppError } from "./known-errors";

// What every server action returns: the UI never sees a thrown error, raw Prisma text or a stack.
export type ActionError = {
  code: string;
  message: string;
  fieldErrors?: Record<string, string>;
  retryAfterSeconds?: number;
};
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Turns anything thrown into a safe ActionResult; unknown errors are logged, never shown. */
export function toActionError(thrown: unknown): { ok: false; error: ActionError } {
  const error = knownAppError(thrown);
  if (error) {
    return {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
        ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      },
    };
  }
  console.error("Unexpected error in a server action:", thrown);
  return { ok: false, error: { code: "INTERNAL", message: "Something went wrong. Please try again." } };
}

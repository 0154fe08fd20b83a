import { databaseOutage } from "../db/outage-log";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "../db/unavailable";
import { AppError } from "./app-error";

/** Seconds a client is told to wait while the database is away (a restart takes a few seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The AppError that a thrown error stands for: itself, or UNAVAILABLE (503) with a plain message when
 * the database cannot be reached or went away (a restart, a failover) — a failure that passes by
 * itself and deserves neither a 500 nor a stack trace per request in the log (it is noted once per
 * interval instead). Null for anything else: an unexpected error, logged and shown as a generic one.
 */
export function knownAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) {
    databaseOutage().failed(error, "a request failed");
    return new AppError("UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, undefined, DATABASE_RETRY_AFTER_SECONDS);
  }
  return null;
}

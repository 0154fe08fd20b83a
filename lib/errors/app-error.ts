// The one error type of the domain layer. Codes map to HTTP statuses; messages are safe to show.
export const errorStatus = {
  UNAUTHENTICATED: 401,
  /** A request from another site (cross-site request forgery), refused before anything is read. */
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  /** This month's usage budget is used up (lib/usage/budget.ts); it resets on the 1st (UTC). */
  BUDGET_EXCEEDED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  /** The model provider failed (the public API's 502; the chat shows it on the answer instead). */
  UPSTREAM_FAILED: 502,
  /** The model provider did not answer in time (the public API's 504). */
  UPSTREAM_TIMEOUT: 504,
  /** This instance is shutting down (lib/ops/draining.ts): retry, and a load balancer retries elsewhere. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field-level messages for forms, keyed by input name. */
    readonly fieldErrors?: Record<string, string>,
    /** Seconds until a rate-limited request may be retried. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** "Not found" is also the answer for records owned by someone else and for non-admins on admin work. */
export function notFound(what = "Not found"): AppError {
  return new AppError("NOT_FOUND", what);
}

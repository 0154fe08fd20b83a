import { knownAppError } from "./known-errors";

/** The JSON error response of a route handler: a safe message, the code, Retry-After when known. */
export function errorResponse(thrown: unknown): Response {
  const error = knownAppError(thrown);
  if (error) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.retryAfterSeconds);
    return Response.json(
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
        },
      },
      { status: error.status, headers },
    );
  }
  console.error("Unexpected error in a route handler:", thrown);
  return Response.json(
    { error: { code: "INTERNAL", message: "Something went wrong. Please try again." } },
    { status: 500 },
  );
}

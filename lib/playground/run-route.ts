import "server-only";
import { AppError } from "../errors/app-error";
import { assertAcceptingWork } from "../ops/draining";
import { errorResponse } from "../errors/http";
import { readJsonRequest } from "../http/json-request";
import { startPlaygroundRun } from "./start-run";
import { streamPlaygroundRun } from "./run-stream";
import { RUN_STREAM_CONTENT_TYPE } from "./run-events";

// A set-up of 4 models with 100 messages of 100,000 characters would be 10 MB: a run is capped well
// below that, as the chat's request is.
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * POST /api/playground/run: checks and stores a run, then streams its answers (JSON lines). A refused
 * run is a JSON error with the field messages the page shows beside the controls.
 */
export async function playgroundRunResponse(request: Request): Promise<Response> {
  try {
    // A restarting instance takes no new run: 503 + Retry-After.
    assertAcceptingWork();
    const { actor, body } = await readJsonRequest(request, {
      maxBytes: MAX_BODY_BYTES,
      tooLarge: "This set-up is too large to run.",
    });
    const run = await startPlaygroundRun(actor, body);
    return new Response(streamPlaygroundRun(run), {
      headers: {
        "Content-Type": RUN_STREAM_CONTENT_TYPE,
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.fieldErrors) {
      return Response.json(
        { error: { code: error.code, message: error.message, fieldErrors: error.fieldErrors } },
        { status: error.status },
      );
    }
    return errorResponse(error);
  }
}

import "server-only";
import { apiRoute } from "./api-route";
import { compareCompletions, rateCompletion } from "./feedback-api";
import { readApiJson } from "./read-api-json";

// The handlers of the feedback routes, here rather than in app/ so that tests serve them over HTTP to
// the official SDK (app/api/v1/feedback and app/api/v1/comparisons only mount them). The key is the
// actor: the domain functions check the answer belongs to the key's user.

/** `POST /api/v1/feedback`: rate a completion good or bad (with reasons and a comment), or unrate it. */
export const feedbackRoute = apiRoute("feedback", async (caller, request) =>
  Response.json(await rateCompletion({ userId: caller.userId }, await readApiJson(request))),
);

/** `POST /api/v1/comparisons`: prefer one completion to another answer to the same message. */
export const comparisonsRoute = apiRoute("feedback", async (caller, request) =>
  Response.json(await compareCompletions({ userId: caller.userId }, await readApiJson(request))),
);

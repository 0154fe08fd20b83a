import { errorResponse } from "@/lib/errors/http";
import { readJsonRequest } from "@/lib/http/json-request";
import { recordEvents } from "@/lib/feedback/events";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A route handler, not a server action: actions of one tab run one at a time, and a batch of signals
// must never queue in front of a rating. Browsers also send the last batch with sendBeacon on exit, as
// an application/json Blob (same-origin, so no preflight is needed and the JSON check still holds).
export async function POST(request: Request) {
  try {
    const { actor, body } = await readJsonRequest(request, { maxBytes: 64 * 1024 });
    const recorded = await recordEvents(actor, body);
    return Response.json({ recorded });
  } catch (error) {
    return errorResponse(error);
  }
}

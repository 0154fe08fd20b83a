import { currentActor } from "@/lib/auth/session";
import { errorResponse } from "@/lib/errors/http";
import { readJsonBody } from "@/lib/errors/read-json";
import { recordEvents } from "@/lib/feedback/events";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A route handler, not a server action: actions of one tab run one at a time, and a batch of signals
// must never queue in front of a rating. Browsers also send the last batch with sendBeacon on exit.
export async function POST(request: Request) {
  try {
    const recorded = await recordEvents(await currentActor(), await readJsonBody(request, 64 * 1024));
    return Response.json({ recorded });
  } catch (error) {
    return errorResponse(error);
  }
}

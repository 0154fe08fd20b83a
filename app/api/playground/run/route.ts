import { playgroundRunResponse } from "@/lib/playground/run-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One playground run: a single model, or 2–4 side by side ("Compare"), streamed as JSON lines. */
export async function POST(request: Request) {
  return playgroundRunResponse(request);
}

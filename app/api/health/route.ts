import { healthResponse } from "@/lib/ops/probe-responses";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Liveness for load balancers and supervisors; no session (proxy.ts skips it).
export function GET() {
  return healthResponse();
}

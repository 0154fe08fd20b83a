import { readyResponse } from "@/lib/ops/probe-responses";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Readiness for load balancers: database, migrations, shutdown; no session (proxy.ts skips it).
export function GET() {
  return readyResponse();
}

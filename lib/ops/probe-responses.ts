import "server-only";
import { pool } from "../db/pool";
import { checkReadiness, readinessChecks } from "./readiness";

// Probes are answered fresh every time: a cached "ready" would keep sending traffic to a dead instance.
const NO_STORE = { "Cache-Control": "no-store" };

/** GET /api/health: the process is alive and serves requests. Touches nothing else. */
export function healthResponse(): Response {
  return Response.json({ status: "ok" }, { headers: NO_STORE });
}

/** GET /api/ready: 200 when every readiness check passes, else 503 with the reasons. */
export async function readyResponse(database: Parameters<typeof readinessChecks>[0] = pool()) {
  const result = await checkReadiness(readinessChecks(database));
  if (result.ready) return Response.json({ status: "ready", checks: result.checks }, { headers: NO_STORE });
  return Response.json(
    { status: "not ready", reason: result.reason, checks: result.checks },
    { status: 503, headers: NO_STORE },
  );
}

import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiOptions } from "@/lib/api/api-route";
import { createCompletionRoute } from "@/lib/api/completions/completion-route";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { db } from "@/lib/db/client";
import { startDraining } from "@/lib/ops/draining";
import { readyResponse } from "@/lib/ops/probe-responses";
import { playgroundRunResponse } from "@/lib/playground/run-route";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { startRouteServer } from "../helpers/route-server";

// While an instance shuts down (SIGTERM, scripts/lib/serve-next.ts), the public API's completions and
// the playground's runs are refused before anything is stored, with a 503 and a retry delay that a
// load balancer or an SDK acts on; /api/ready says why. (The chat's route: tests/e2e/22-ops-start.)

let server: Awaited<ReturnType<typeof startRouteServer>>;

beforeAll(async () => {
  await resetDatabase();
  server = await startRouteServer([
    { path: "/api/v1/chat/completions", methods: { POST: createCompletionRoute, OPTIONS: apiOptions } },
    { path: "/api/playground/run", methods: { POST: playgroundRunResponse } },
    { path: "/api/ready", methods: { GET: () => readyResponse() } },
  ]);
});

afterAll(async () => {
  await server.close();
});

async function cookieFor(userId: string): Promise<string> {
  const salt = "authjs.session-token";
  const token = await encode({ token: { uid: userId, sub: userId }, secret: process.env.AUTH_SECRET!, salt });
  return `${salt}=${token}`;
}

describe("while draining", () => {
  it("refuses completions and playground runs with 503 + Retry-After, storing nothing", async () => {
    const { actor, user } = await createUser();
    const { key } = await createApiKey(actor, { name: "drain", scopes: ["chat"] });
    expect((await fetch(`${server.url}/api/ready`)).status).toBe(200);

    startDraining();

    const completion = await fetch(`${server.url}/api/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: "offline-demo", messages: [{ role: "user", content: "hello" }] }),
    });
    expect(completion.status).toBe(503);
    expect(completion.headers.get("retry-after")).toBe("5");
    const completionBody = (await completion.json()) as { error: { type: string; message: string } };
    expect(completionBody.error.type).toBe("server_error");
    expect(completionBody.error.message).toMatch(/restarting/);

    const run = await fetch(`${server.url}/api/playground/run`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await cookieFor(user.id) },
      body: JSON.stringify({}),
    });
    expect(run.status).toBe(503);
    expect(run.headers.get("retry-after")).toBe("5");
    expect(((await run.json()) as { error: { code: string } }).error.code).toBe("UNAVAILABLE");

    expect(await db().message.count()).toBe(0);

    const ready = await fetch(`${server.url}/api/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toBe(
      "shutdown: this instance is shutting down",
    );
  });
});

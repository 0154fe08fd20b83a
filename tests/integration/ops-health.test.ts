import { createServer } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthResponse, readyResponse } from "@/lib/ops/probe-responses";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startRouteServer } from "../helpers/route-server";

// The probes over real HTTP, on a migrated database, an empty one, one missing a migration's row,
// and a port nobody listens on. The last three are served by the same lib function on their own pool.

let server: Awaited<ReturnType<typeof startRouteServer>>;

beforeAll(async () => {
  server = await startRouteServer([
    // What app/api/health/route.ts and app/api/ready/route.ts answer (tests do not import app/).
    { path: "/api/health", methods: { GET: () => healthResponse() } },
    { path: "/api/ready", methods: { GET: () => readyResponse() } },
  ]);
});

afterAll(async () => {
  await server.close();
});

/** A route server whose /api/ready checks the given pool instead of the app's. */
async function readyOn(database: pg.Pool) {
  const probe = await startRouteServer([
    { path: "/api/ready", methods: { GET: () => readyResponse(database) } },
  ]);
  try {
    const started = Date.now();
    const response = await fetch(`${probe.url}/api/ready`);
    return { response, body: (await response.json()) as Record<string, unknown>, ms: Date.now() - started };
  } finally {
    await probe.close();
  }
}

async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as { port: number };
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  return port;
}

describe("GET /api/health", () => {
  it("answers 200 {status: ok}, uncached, revealing nothing", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

describe("GET /api/ready", () => {
  it("is ready on the migrated database", async () => {
    const response = await fetch(`${server.url}/api/ready`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      status: "ready",
      checks: { shutdown: "ok", database: "ok", migrations: "ok" },
    });
  });

  describe("on other databases", () => {
    let database: TestDatabase;
    let databasePool: pg.Pool;

    beforeAll(async () => {
      database = await createTestDatabase({ migrate: false });
      databasePool = new pg.Pool({ connectionString: database.url, max: 1 });
    });

    afterAll(async () => {
      await databasePool.end();
      await database.drop();
    });

    it("is not ready (503, a reason) on an empty database, then ready once migrated", async () => {
      const empty = await readyOn(databasePool);
      expect(empty.response.status).toBe(503);
      expect(empty.body.status).toBe("not ready");
      expect(empty.body.reason).toMatch(/^migrations: \d+ migration\(s\) not applied$/);
      expect(empty.body.checks).toMatchObject({ database: "ok" });

      const { migrate } = await import("@/lib/db/migrate");
      await migrate(database.url);
      expect((await readyOn(databasePool)).response.status).toBe(200);
    });

    it("is not ready when a migration's row is missing from _prisma_migrations", async () => {
      await databasePool.query(
        `DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`,
      );
      const { response, body } = await readyOn(databasePool);
      expect(response.status).toBe(503);
      expect(body.reason).toBe("migrations: 1 migration(s) not applied");
    });
  });

  it("is not ready, at once, when the database is unreachable, naming neither host nor credentials", async () => {
    const port = await closedPort();
    const unreachable = new pg.Pool({
      connectionString: `postgresql://flywheel:s3cret@127.0.0.1:${port}/flywheel`,
      connectionTimeoutMillis: 5_000,
    });
    try {
      const { response, body, ms } = await readyOn(unreachable);
      expect(response.status).toBe(503);
      expect(body.reason).toMatch(/database: the database does not answer \(connection refused\)/);
      expect(ms).toBeLessThan(2_000);
      const text = JSON.stringify(body);
      expect(text).not.toContain("s3cret");
      expect(text).not.toContain("127.0.0.1");
      expect(text).not.toContain(String(port));
    } finally {
      await unreachable.end();
    }
  });

  it("is not ready within its deadline when the database accepts connections but never answers", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    const hanging = new pg.Pool({
      connectionString: `postgresql://x@127.0.0.1:${port}/x`,
      connectionTimeoutMillis: 20_000,
    });
    try {
      const { response, body, ms } = await readyOn(hanging);
      expect(response.status).toBe(503);
      expect(body.reason).toMatch(/database: no answer within 3 s/);
      expect(ms).toBeLessThan(5_000);
    } finally {
      silent.close();
      // Its pending connection ends with the listener's sockets; end() waits for none.
      void hanging.end().catch(() => {});
    }
  });
});

// Serves the production build in THIS process with Next.js's programmatic API (a "custom server"),
// instead of spawning `next start`: one Node.js process holds Next.js, the connection pool and, when
// DATABASE_URL is unset, the embedded database. The handler is Next.js's own (routing, proxy.ts,
// static files, compression), so requests are served exactly as `next start` serves them; standalone
// output is not used, which is what would rule a custom server out.
import { createServer, type Server } from "node:http";
import type pg from "pg";
import { startDraining } from "../../lib/ops/draining";
import { abortAllInFlight, inFlightCount, waitForInFlight } from "../../lib/ops/in-flight";
import { errorFields, logger } from "../../lib/ops/logger";
import { withRequestLog } from "../../lib/ops/request-log";
import { apiFastPath } from "../../lib/api/node/fast-path-slot";
import { appendPeerToForwardedFor } from "./forwarded-for.mjs";
import { onForcedShutdown, onShutdown } from "./shutdown";

/** Open requests get this long to finish once the answers are done or stopped (their last bytes). */
export const DRAIN_MS = 10_000;
/** Answers stopped at the end of the grace period get this long to save their partial text. */
const SAVE_STOPPED_MS = 5_000;

export async function serveNext(opts: { root: string; port: number; graceSeconds: number }): Promise<Server> {
  // NODE_ENV must be "production" before Next.js and React load (start.ts sets it).
  const { default: next } = await import("next");
  const server = createServer();
  const app = next({ dev: false, dir: opts.root, port: opts.port, httpServer: server });
  await app.prepare();
  const nextHandler = app.getRequestHandler();
  // The public API's hot request skips Next.js's pipeline for its own node:http handler, which
  // instrumentation.ts registered during prepare() (lib/api/node); everything else is Next.js's.
  const handle = withRequestLog((req, res) => {
    const api = apiFastPath();
    return api?.accepts(req) ? api.serve(req, res) : nextHandler(req, res);
  });
  server.on("request", (req, res) => {
    appendPeerToForwardedFor(req);
    handle(req, res).catch((error: unknown) => {
      logger.error("request failed", { method: req.method, ...errorFields(error) });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });

  onShutdown(async () => {
    const started = performance.now();
    const elapsedMs = () => Math.round(performance.now() - started);
    await finishAnswers(opts.graceSeconds);
    logger.debug("shutdown: answers done, closing connections", { elapsedMs: elapsedMs() });
    await closeHttpServer(server);
    logger.debug("shutdown: connections closed", { elapsedMs: elapsedMs() });
    // After the requests (they may schedule `after()` work), as `next start` does.
    await app.close();
    await closeAppDatabase();
    logger.debug("shutdown: Next.js and the database pool closed", { elapsedMs: elapsedMs() });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

/**
 * SIGTERM's first step. New chats are refused (503 + Retry-After, lib/ops/draining.ts) and /api/ready
 * answers 503, so the load balancer sends them elsewhere; the server keeps listening meanwhile, so
 * that a request already on its way gets that clear answer rather than a refused connection. Answers
 * in flight get `graceSeconds` to finish; the rest are stopped, which saves their partial text.
 */
async function finishAnswers(graceSeconds: number): Promise<void> {
  startDraining();
  onForcedShutdown(() => abortAllInFlight(new Error("the server is shutting down")));
  const running = inFlightCount();
  if (running === 0) return;
  logger.info("draining: waiting for answers in flight", { answers: running, graceSeconds });
  if (await waitForInFlight(graceSeconds * 1000)) return;
  const stopped = abortAllInFlight(new Error("the server is shutting down"));
  logger.warn("draining: grace period over, answers stopped and saved as they are", { answers: stopped });
  if (!(await waitForInFlight(SAVE_STOPPED_MS))) logger.error("draining: answers did not stop in time");
}

/** Stops accepting, closes idle keep-alive sockets, and waits for open requests (at most DRAIN_MS). */
async function closeHttpServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const cut = () => server.closeAllConnections();
  const deadline = setTimeout(cut, DRAIN_MS);
  // close() drops the connections idle at that moment only; one whose response ends later (a stream)
  // would otherwise stay open for the keep-alive timeout (5 s) before the server may exit.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  onForcedShutdown(cut);
  await closed;
  clearTimeout(deadline);
  clearInterval(sweep);
}

/**
 * Closes the app's Prisma client and pool (lib/db/client.ts and lib/db/pool.ts keep them on
 * globalThis, which this process shares with the Next.js server), so the embedded database sees its
 * client leave before it is closed.
 */
async function closeAppDatabase(): Promise<void> {
  const shared = globalThis as unknown as {
    flywheelDb?: { $disconnect(): Promise<void> };
    flywheelPool?: pg.Pool;
  };
  await shared.flywheelDb?.$disconnect();
  if (shared.flywheelPool && !shared.flywheelPool.ended) await shared.flywheelPool.end();
  await closeRedisConnections();
}

/**
 * Closes the Redis connections, if REDIS_URL made any (lib/redis/client.ts keeps them on globalThis;
 * this bundle does not import that server-only module), so that they do not hold the exit.
 */
async function closeRedisConnections(): Promise<void> {
  type Closable = { close(): Promise<unknown> };
  const state = (
    globalThis as unknown as { __flywheelRedis?: { commands?: Closable; subscriber?: Closable } }
  ).__flywheelRedis;
  if (!state) return;
  const clients = [state.commands, state.subscriber].filter((client) => client !== undefined);
  state.commands = undefined;
  state.subscriber = undefined;
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
}

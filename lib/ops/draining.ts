import { AppError } from "../errors/app-error";

// Whether this process is shutting down (SIGTERM). scripts/start.ts flips it and Next.js's route
// handlers read it, in the same process but from two separately bundled copies of this module: the
// flag therefore lives on globalThis, like the pool (lib/db/pool.ts). No "server-only": the start
// script imports it outside Next.js.
const KEY = Symbol.for("flywheel.draining");
const shared = globalThis as unknown as { [KEY]?: boolean };

export function startDraining(): void {
  shared[KEY] = true;
}

export function isDraining(): boolean {
  return shared[KEY] === true;
}

/** Seconds a load balancer should wait before retrying a refused request (on another instance). */
export const DRAINING_RETRY_AFTER_SECONDS = 5;

/**
 * Refuses new work while the process shuts down: a chat started now could not finish, so the client
 * (or the load balancer) retries it on an instance that stays up. Answers already streaming go on.
 */
export function assertAcceptingWork(): void {
  if (isDraining()) {
    throw new AppError(
      "UNAVAILABLE",
      "This server is restarting. Please try again in a few seconds.",
      undefined,
      DRAINING_RETRY_AFTER_SECONDS,
    );
  }
}

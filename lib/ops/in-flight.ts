// Answers being generated in this process, as a graceful shutdown sees them (scripts/start.ts): it
// waits for them to end, and at the end of SHUTDOWN_GRACE_SECONDS aborts the rest, which the chat's
// stop path then saves with their partial text (status `stopped`). Registered by
// lib/chat/running-generations.ts. On globalThis: the start script and Next.js's server each bundle
// their own copy of this module. No "server-only" (start script).

const KEY = Symbol.for("flywheel.inFlight");
const shared = globalThis as unknown as { [KEY]?: Set<AbortController> };

function registry(): Set<AbortController> {
  shared[KEY] ??= new Set();
  return shared[KEY];
}

/** Registers one generation; the returned function unregisters it (call it once it ended). */
export function trackInFlight(controller: AbortController): () => void {
  registry().add(controller);
  return () => void registry().delete(controller);
}

export function inFlightCount(): number {
  return registry().size;
}

/** Aborts every generation still running; returns how many there were. */
export function abortAllInFlight(reason: Error): number {
  const running = [...registry()];
  for (const controller of running) controller.abort(reason);
  return running.length;
}

/** Resolves true when nothing is in flight any more, false when `timeoutMs` passed first. */
export async function waitForInFlight(timeoutMs: number, pollMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (inFlightCount() > 0) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, deadline - Date.now())));
  }
  return true;
}

import type { IncomingMessage, ServerResponse } from "node:http";

// How the production server (scripts/lib/serve-next.ts, bundled apart from Next.js's build) finds
// the public API's own node:http handler, which Next.js's build compiles and instrumentation.ts
// registers at start: a slot on globalThis, as the two bundles share nothing else. No "server-only":
// the start script imports this.

export type ApiFastPath = {
  /** Whether this request is one the handler serves (the hot POST /api/v1/chat/completions). */
  accepts(req: IncomingMessage): boolean;
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
};

const KEY = Symbol.for("flywheel.apiFastPath");
const slot = globalThis as unknown as { [KEY]?: ApiFastPath };

export function registerApiFastPath(handler: ApiFastPath): void {
  slot[KEY] = handler;
}

/** The registered handler, or undefined before Next.js's instrumentation ran (or under `next dev`). */
export function apiFastPath(): ApiFastPath | undefined {
  return slot[KEY];
}

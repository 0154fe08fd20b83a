import { AsyncLocalStorage } from "node:async_hooks";

// What the request log line learns while Next.js handles the request: who the caller turned out to
// be. The HTTP wrapper (lib/ops/request-log.ts) opens a context around Next.js's handler; the auth
// layer notes the user id in it (lib/auth/actor.ts). Nothing travels in a header, so a client cannot
// forge it and it never reaches a client. The storage lives on globalThis because the start script
// and Next.js's server each bundle their own copy of this module. No "server-only" (start script).

export interface RequestContext {
  userId?: string;
}

const KEY = Symbol.for("flywheel.requestContext");
const shared = globalThis as unknown as { [KEY]?: AsyncLocalStorage<RequestContext> };

function storage(): AsyncLocalStorage<RequestContext> {
  shared[KEY] ??= new AsyncLocalStorage<RequestContext>();
  return shared[KEY];
}

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage().run(context, work);
}

/** Records the signed-in user of the current request, if there is one being logged. */
export function noteRequestUser(userId: string): void {
  const context = storage().getStore();
  if (context) context.userId = userId;
}

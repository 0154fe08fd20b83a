import "server-only";
import { registerApiFastPath } from "./fast-path-slot";
import { acceptsCompletion, serveCompletion } from "./serve-completion";

/** Called once by instrumentation.ts when Next.js's server starts. */
export function registerApiHandlers(): void {
  registerApiFastPath({ accepts: acceptsCompletion, serve: serveCompletion });
}

import "server-only";
import { EnvError, parseEnv, type Env } from "./env-schema";

// The app's only reader of process.env. Validation is lazy so that `next build` (which loads modules
// without the runtime settings) succeeds; the server validates at start in instrumentation.ts.
let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The database URL the app must use. `npm start` sets it (embedded PGlite or the configured server). */
export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new EnvError(
      "DATABASE_URL is not set. Start Flywheel with `npm start` (it runs the embedded database) or set DATABASE_URL.",
    );
  }
  return url;
}

export function authSecret(): string {
  const secret = env().AUTH_SECRET;
  if (!secret) {
    throw new EnvError(
      "AUTH_SECRET is not set. `npm start` generates one under .data/; set it in production.",
    );
  }
  return secret;
}

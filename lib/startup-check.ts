import "server-only";
import { authSecret, databaseUrl, env } from "./env";

/** A missing or malformed setting stops start-up with a message naming it, not a 500 on first request. */
export function checkSettingsAtStartup(): void {
  try {
    env();
    databaseUrl();
    authSecret();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

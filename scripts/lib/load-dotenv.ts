import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";

/** Loads .env.local and .env (in that order of precedence) without overriding the real environment. */
export function loadDotEnv(): void {
  for (const file of [".env.local", ".env"]) {
    if (!existsSync(file)) continue;
    for (const [key, value] of Object.entries(parseEnv(readFileSync(file, "utf8")))) {
      if (process.env[key] === undefined) process.env[key] = value;
    }
  }
}

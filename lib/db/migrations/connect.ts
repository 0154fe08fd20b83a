import pg from "pg";
import { errorCode, errorText } from "./error-text";

/** Connecting failed. `target` is host:port (never the credentials); `code` is the driver's (ECONNREFUSED, 28P01…). */
export class DatabaseUnreachableError extends Error {
  readonly code: string | undefined;

  constructor(
    readonly target: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`Cannot reach the database at ${target}: ${reason}`, { cause });
    this.name = "DatabaseUnreachableError";
    this.code = errorCode(cause);
  }
}

/** One dedicated connection; failures become a DatabaseUnreachableError that names only host:port. */
export async function connect(databaseUrl: string): Promise<pg.Client> {
  const target = describeTarget(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  // A dropped connection is reported by the pending query; without a listener it would crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new DatabaseUnreachableError(target, connectionFailure(error), error);
  }
  return client;
}

function describeTarget(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new DatabaseUnreachableError(
      "an invalid URL",
      "expected postgresql://user:password@host:port/database",
    );
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new DatabaseUnreachableError(
      `a ${url.protocol}// URL`,
      "expected postgresql://user:password@host:port/database",
    );
  }
  return `${url.hostname || "localhost"}:${url.port || "5432"}`;
}

function connectionFailure(error: unknown): string {
  const code = errorCode(error) ?? "";
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "unknown host",
    EAI_AGAIN: "unknown host",
    ETIMEDOUT: "timed out",
    ECONNRESET: "connection reset",
  };
  if (known[code]) return known[code];
  const message = errorText(error);
  return /timeout/i.test(message) ? "timed out" : message;
}

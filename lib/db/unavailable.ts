// Whether an error means "the database is not answering right now" (restarting, failing over,
// unreachable) rather than "this statement is wrong". Such a failure is nobody's bug and passes by
// itself: users get a plain 503 to retry, the final save of an answer waits for it, and the log says it
// once instead of once per request. No "server-only": pure, so unit tests and scripts can use it.

/** What a user is told while the database is away. */
export const DATABASE_UNAVAILABLE_MESSAGE = "The database is not answering. Try again in a moment.";

// Socket errors: refused (stopped, restarting), reset (killed), unreachable, DNS hiccups of a
// failover. Also the codes Prisma gives the same events (P1001 can't reach, P1002 timed out, P1017
// the server closed the connection).
const CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "P1001",
  "P1002",
  "P1017",
]);

// SQLSTATEs: 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up or
// shutting down), and class 08, connection exceptions.
const SQLSTATE = /^(57P0[123]|08[0-9A-Z]{3})$/;

// The @prisma/adapter-pg kinds for socket failures (its DriverAdapterError's cause).
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout"]);

// node-postgres reports some failures by message only: a connection closed under a query ("Connection
// terminated unexpectedly"), a connect that timed out ("Connection terminated due to connection
// timeout"; "timeout exceeded when trying to connect" from the pool), a client reused after its
// connection failed.
const MESSAGES =
  /^(Connection terminated\b|timeout exceeded when trying to connect|Client has encountered a connection error)/;

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The errors to look at: the error, its causes, and the pg error Prisma keeps in `meta`. */
function* chain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0 && seen.size < 10) {
    const next = queue.shift();
    if (next === null || typeof next !== "object" || seen.has(next)) continue;
    // fetch's TypeError carries the socket error of an HTTP call (a model provider): not the database.
    if (next instanceof TypeError && next.message === "fetch failed") return;
    seen.add(next);
    yield next;
    queue.push(field(next, "cause"), field(field(next, "meta"), "driverAdapterError"));
  }
}

/** True when `error` (from pg, the pool or Prisma) says the database cannot be reached or went away. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const item of chain(error)) {
    const code = field(item, "code");
    if (typeof code === "string" && (CODES.has(code) || SQLSTATE.test(code))) return true;
    const kind = field(item, "kind");
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    const message = field(item, "message");
    if (typeof message === "string" && MESSAGES.test(message)) return true;
  }
  return false;
}

/**
 * A short name for the failure for the log: the driver's code (ECONNREFUSED, 57P01…) or a few words,
 * never the driver's message, which names the host and port.
 */
export function databaseFailureKind(error: unknown): string {
  for (const item of chain(error)) {
    const code = field(item, "code");
    if (typeof code === "string" && (CODES.has(code) || SQLSTATE.test(code)) && !code.startsWith("P")) {
      return code;
    }
  }
  for (const item of chain(error)) {
    const kind = field(item, "kind");
    if (kind === "DatabaseNotReachable") return "connection refused";
    if (kind === "ConnectionClosed") return "connection closed";
    if (kind === "SocketTimeout") return "timed out";
    const message = field(item, "message");
    if (typeof message === "string" && /timeout/i.test(message) && MESSAGES.test(message))
      return "connect timed out";
    if (typeof message === "string" && MESSAGES.test(message)) return "connection closed";
  }
  return "connection failed";
}

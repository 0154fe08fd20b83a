import "server-only";
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { env } from "../env";
import { outageLog, type OutageLog } from "./outage-log";

// Redis is optional (REDIS_URL). When it is set, each process keeps two lazily created connections:
// one for commands and one in subscriber mode (a subscribed connection cannot send other commands).
// Redis is never on the critical path: commands fail fast while it is down (no offline queue, so a
// request never waits for a reconnect), callers fall back, and the client reconnects by itself.

export type RedisClient = ReturnType<typeof newClient>;

/** How long a command may take before the caller gives up and falls back (PostgreSQL, local state). */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
const WARN_EVERY_MS = 60_000;

type RedisState = {
  instanceId: string;
  url?: string;
  commands?: RedisClient;
  subscriber?: RedisClient;
  /** The command connection's first attempt has ended (up or failed): later calls never wait. */
  commandsSettled?: boolean;
  log: OutageLog;
};

// On globalThis: Next.js bundles route handlers and server actions separately, each with its own copy
// of this module, and the process must still hold one pair of connections and one outage log.
const shared = globalThis as typeof globalThis & { __flywheelRedis?: RedisState };
const state: RedisState = (shared.__flywheelRedis ??= {
  instanceId: randomUUID(),
  log: outageLog({ intervalMs: WARN_EVERY_MS }),
});

/** This process's id, carried by what it publishes so it can recognise its own messages. */
export function instanceId(): string {
  return state.instanceId;
}

export function redisConfigured(): boolean {
  return Boolean(env().REDIS_URL);
}

/** Replaces the outage log's timing (tests use a short interval or their own clock). */
export function configureRedisWarnings(options: Parameters<typeof outageLog>[0]): void {
  state.log = outageLog(options);
}

// Back off quickly to a 2 s ceiling: a restarted Redis is picked up within about two seconds.
const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2_000);

function newClient(url: string) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy, connectTimeout: 2_000 },
  });
}

function connect(url: string): RedisClient {
  const client = newClient(url);
  // Without an "error" listener a lost connection would be an uncaught exception and end the process.
  client.on("error", (error: unknown) => {
    if (client === state.commands) state.commandsSettled = true;
    state.log.failed(error);
  });
  client.on("ready", () => {
    if (client === state.commands) state.commandsSettled = true;
    state.log.recovered();
  });
  // connect() keeps retrying through reconnectStrategy; it only rejects once the client is closed.
  client.connect().catch((error: unknown) => state.log.failed(error));
  return client;
}

function clientFor(role: "commands" | "subscriber"): RedisClient | undefined {
  const url = env().REDIS_URL;
  if (!url) return undefined;
  if (state.url !== url) {
    // Only tests change REDIS_URL within a process; connections to the old URL are dropped.
    void closeRedis();
    state.url = url;
  }
  return (state[role] ??= connect(url));
}

/** The command connection, or undefined when REDIS_URL is unset. It may be (re)connecting. */
export function redisCommands(): RedisClient | undefined {
  return clientFor("commands");
}

/** The subscriber connection, or undefined when REDIS_URL is unset. Subscriptions survive reconnects. */
export function redisSubscriber(): RedisClient | undefined {
  return clientFor("subscriber");
}

/**
 * The command connection when it can take a command: at once if it is up; a freshly created one is
 * given up to `ms` for its first attempt (the first use in a process); after that, one that is down
 * gives undefined at once, so a request falls back instead of waiting for a reconnect. Undefined
 * without REDIS_URL too.
 */
export async function readyCommands(ms = REDIS_COMMAND_TIMEOUT_MS): Promise<RedisClient | undefined> {
  const client = redisCommands();
  if (!client || client.isReady) return client;
  if (state.commandsSettled) {
    // Down: counted as a failure, so the log keeps saying (once a minute) that requests fall back.
    state.log.failed(new Error("not connected"));
    return undefined;
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      client?.off("ready", done);
      resolve();
    }
    client.once("ready", done);
  });
  if (client.isReady) return client;
  state.log.failed(new Error(`not connected within ${ms} ms`));
  return undefined;
}

/** Reports a failed command (throttled to one line a minute) so callers can fall back quietly. */
export function reportRedisFailure(error: unknown): void {
  state.log.failed(error);
}

/** Runs a Redis command with a deadline: a hung connection must not hold a request. */
export async function withRedisTimeout<T>(run: Promise<T>, ms = REDIS_COMMAND_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([run, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * For readiness (/api/ready): ok when REDIS_URL is unset, or when Redis answers PING. The reason
 * names REDIS_URL but never its value (it may hold a password).
 */
export async function redisReady(): Promise<{ ok: boolean; reason?: string }> {
  const client = redisCommands();
  if (!client) return { ok: true };
  try {
    await withRedisTimeout(client.ping(), 1_000);
    return { ok: true };
  } catch {
    // No error detail: it can name the host and port, and the probe needs no session.
    return { ok: false, reason: "Redis at REDIS_URL does not answer." };
  }
}

/** Closes both connections (tests; a graceful shutdown may call it too). */
export async function closeRedis(): Promise<void> {
  const clients = [state.commands, state.subscriber].filter((client) => client !== undefined);
  state.commands = undefined;
  state.subscriber = undefined;
  state.commandsSettled = false;
  state.url = undefined;
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
}

/** Publishes a message; never throws (a failure is logged, throttled, and the message is lost). */
export async function publish(channel: string, payload: string): Promise<void> {
  try {
    const client = await readyCommands();
    if (!client) throw new Error("not connected");
    await withRedisTimeout(client.publish(channel, payload));
  } catch (error) {
    reportRedisFailure(error);
  }
}

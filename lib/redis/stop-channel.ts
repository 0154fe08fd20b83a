import "server-only";
import { z } from "zod";
import {
  instanceId,
  type RedisClient,
  publish,
  redisConfigured,
  redisSubscriber,
  reportRedisFailure,
} from "./client";

// Cross-instance Stop. The row is marked `stopped` in PostgreSQL first (the source of truth, and the
// fallback: the generating instance notices it at its next one-second save); then this message lets
// the instance generating the answer abort at once instead.

export const STOP_CHANNEL = "flywheel:stop";

const message = z.object({ messageId: z.string().min(1).max(100), from: z.string().min(1).max(100) });

type StopListeners = { handlers: Set<(messageId: string) => void>; listeningOn?: RedisClient };
const shared = globalThis as typeof globalThis & { __flywheelStopListeners?: StopListeners };
const listeners: StopListeners = (shared.__flywheelStopListeners ??= {
  handlers: new Set(),
});

function receive(raw: string): void {
  let messageId: string;
  try {
    messageId = message.parse(JSON.parse(raw)).messageId;
  } catch {
    return;
  }
  for (const handler of listeners.handlers) handler(messageId);
}

/**
 * Calls `abort` with the id of every answer another instance is asked to stop (a no-op without
 * REDIS_URL). Started by the first generation of the process: an instance generating nothing has
 * nothing to stop.
 */
export function listenForStops(abort: (messageId: string) => void): void {
  listeners.handlers.add(abort);
  if (!redisConfigured()) return;
  const subscriber = redisSubscriber();
  // Once per connection (a test, or a changed REDIS_URL, may replace it).
  if (!subscriber || listeners.listeningOn === subscriber) return;
  listeners.listeningOn = subscriber;
  const subscribe = () => {
    subscriber.subscribe(STOP_CHANNEL, receive).catch((error: unknown) => reportRedisFailure(error));
  };
  subscriber.on("ready", subscribe);
  if (subscriber.isReady) subscribe();
}

/** Asks whichever instance generates the answer to abort it. Never throws, never waits for Redis. */
export function publishStop(messageId: string): void {
  if (!redisConfigured()) return;
  void publish(STOP_CHANNEL, JSON.stringify({ messageId, from: instanceId() }));
}

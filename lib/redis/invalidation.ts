import "server-only";
import { z } from "zod";
import {
  instanceId,
  type RedisClient,
  redisConfigured,
  publish,
  redisSubscriber,
  reportRedisFailure,
} from "./client";

// Cross-instance cache invalidation. The instance that changes something clears its caches and
// publishes one message; every other instance clears its own copy on receipt, instead of waiting for
// its next version check. The checks stay (lib/models/registry-cache.ts, the caches' short lifetimes):
// pub/sub delivers at most once, so a message lost while Redis is down is made up by the next check.

export const INVALIDATION_CHANNEL = "flywheel:invalidate";

export const INVALIDATION_KINDS = ["registry", "app-settings", "api-keys"] as const;
export type InvalidationKind = (typeof INVALIDATION_KINDS)[number];

const message = z.object({ kind: z.enum(INVALIDATION_KINDS), from: z.string().min(1).max(100) });
export type InvalidationMessage = z.infer<typeof message>;

// On globalThis: Next.js bundles route handlers and server actions separately, so one process may hold
// several copies of a cache; each registers its handler here and one message clears them all.
type Listeners = { handlers: Map<InvalidationKind, Set<() => void>>; listeningOn?: RedisClient };
const shared = globalThis as typeof globalThis & { __flywheelInvalidation?: Listeners };
const listeners: Listeners = (shared.__flywheelInvalidation ??= { handlers: new Map() });

function runLocal(kind: InvalidationKind): void {
  for (const handler of listeners.handlers.get(kind) ?? []) handler();
}

function receive(raw: string): void {
  let parsed: InvalidationMessage;
  try {
    parsed = message.parse(JSON.parse(raw));
  } catch {
    return; // Not ours (another version, or someone else on the channel): nothing to clear.
  }
  // Our own echo: announceInvalidation already cleared this process's copies.
  if (parsed.from === instanceId()) return;
  runLocal(parsed.kind);
}

/** Registers how this process forgets a cache. No I/O: safe at module load. */
export function onInvalidation(kind: InvalidationKind, handler: () => void): void {
  const set = listeners.handlers.get(kind) ?? new Set();
  set.add(handler);
  listeners.handlers.set(kind, set);
}

/**
 * Starts receiving other instances' messages (once per process; a no-op without REDIS_URL). Called
 * from the caches' read paths, so a process subscribes when it first serves, not at import.
 */
export function listenForInvalidations(): void {
  if (!redisConfigured()) return;
  const subscriber = redisSubscriber();
  // Once per connection (a test, or a changed REDIS_URL, may replace it).
  if (!subscriber || listeners.listeningOn === subscriber) return;
  listeners.listeningOn = subscriber;
  // The client restores subscriptions after a reconnect; subscribing again on "ready" covers a first
  // connection that was not up yet (the same listener is not added twice).
  const subscribe = () => {
    subscriber.subscribe(INVALIDATION_CHANNEL, receive).catch((error: unknown) => reportRedisFailure(error));
  };
  subscriber.on("ready", subscribe);
  if (subscriber.isReady) subscribe();
}

/**
 * Clears every copy of the cache in this process at once, then tells the other instances. Never
 * throws and never waits for Redis: a change must not fail because Redis is down.
 */
export function announceInvalidation(kind: InvalidationKind): void {
  runLocal(kind);
  listenForInvalidations();
  if (!redisConfigured()) return;
  const payload: InvalidationMessage = { kind, from: instanceId() };
  void publish(INVALIDATION_CHANNEL, JSON.stringify(payload));
}

import "server-only";
import { readyCommands, reportRedisFailure, withRedisTimeout } from "../redis/client";

// The fixed-window counters in Redis, when REDIS_URL is set: one round trip to memory instead of a
// row lock and a write in PostgreSQL, shared by every instance. Each function answers undefined when
// Redis is unset, down or slow, and the caller counts in PostgreSQL instead: a request is never
// refused or failed because Redis is unavailable. (The two stores do not add up during an outage: a
// window restarts in PostgreSQL, so a limit is at most doubled for one window, never enforced early.)

/** Key names: flywheel:rl:<the counter's key>, e.g. flywheel:rl:feedback:<user id>. */
export const REDIS_RATE_LIMIT_PREFIX = "flywheel:rl:";

// Every key: INCR, and a new window (no TTL yet: the key was just created) expires after ARGV[1] ms.
// Returns count, milliseconds left, for each key in order. Atomic, so parallel hits get 1..n.
const HIT = `
local out = {}
for _, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out`;

const PEEK = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
return { count, redis.call('PTTL', KEYS[1]) }`;

// The first ARGV[1] keys give one slot back (never below 0); the others are deleted.
const REFUND = `
local refunds = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if i <= refunds then
    if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
  else
    redis.call('DEL', key)
  end
end
return 0`;

export type RedisWindow = { count: number; remainingMs: number };

/**
 * Keys that SQL statements also count, inside their own transaction (minute-window-sql.ts: the chat
 * turn, the rating, the API request): they stay in PostgreSQL so that a budget shared with such a
 * statement (a rating and a comparison both spend `feedback:<user>`) stays one counter.
 */
export const SQL_COUNTED_PREFIXES = ["chat:", "feedback:", "api:"] as const;

const countedInSql = (key: string) => SQL_COUNTED_PREFIXES.some((prefix) => key.startsWith(prefix));

async function run(script: string, keys: string[], args: string[]): Promise<unknown> {
  if (keys.some(countedInSql)) return undefined;
  const client = await readyCommands();
  if (!client) return undefined;
  try {
    const named = keys.map((key) => REDIS_RATE_LIMIT_PREFIX + key);
    return await withRedisTimeout(client.eval(script, { keys: named, arguments: args }));
  } catch (error) {
    reportRedisFailure(error);
    return undefined;
  }
}

/** Counts one event under each key; undefined: count in PostgreSQL instead. */
export async function redisHit(
  keys: string[],
  windowMs: number,
): Promise<Map<string, RedisWindow> | undefined> {
  if (keys.length === 0) return new Map();
  const reply = await run(HIT, keys, [String(Math.max(1, Math.round(windowMs)))]);
  if (!Array.isArray(reply)) return undefined;
  const numbers = reply.map(Number);
  return new Map(keys.map((key, i) => [key, { count: numbers[2 * i]!, remainingMs: numbers[2 * i + 1]! }]));
}

/** The key's window without counting; undefined: read PostgreSQL instead. */
export async function redisPeek(key: string): Promise<RedisWindow | undefined> {
  const reply = await run(PEEK, [key], []);
  if (!Array.isArray(reply)) return undefined;
  const [count, ttl] = reply.map(Number);
  // PTTL is -2 for a missing key: no window, nothing counted.
  return ttl! > 0 ? { count: count!, remainingMs: ttl! } : { count: 0, remainingMs: 0 };
}

/** Gives back a slot under `refund` and forgets `clear`; false when Redis could not be reached. */
export async function redisRefund(refund: string[], clear: string[]): Promise<boolean> {
  const reply = await run(REFUND, [...refund, ...clear], [String(refund.length)]);
  return reply !== undefined;
}

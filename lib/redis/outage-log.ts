// While Redis is down every request that would have used it falls back, and the client retries every
// couple of seconds: logging each failure would flood the log. One line per interval says it is still
// down; one line says it is back. Kept apart from the client so its timing can be tested with a clock.

export type OutageLog = {
  /** Redis failed (a command or the connection): logs at most once per interval. */
  failed(error: unknown): void;
  /** Redis answers again: logs once if an outage was reported. */
  recovered(): void;
};

export function outageLog(options: {
  intervalMs: number;
  now?: () => number;
  warn?: (message: string) => void;
}): OutageLog {
  const now = options.now ?? (() => performance.now());
  const warn = options.warn ?? ((message: string) => console.warn(message));
  let lastWarnedAt: number | undefined;
  let down = false;
  return {
    failed(error) {
      down = true;
      const at = now();
      if (lastWarnedAt !== undefined && at - lastWarnedAt < options.intervalMs) return;
      lastWarnedAt = at;
      const reason = error instanceof Error ? error.message : String(error);
      warn(
        `Redis (REDIS_URL) is unavailable: ${reason || "connection lost"}. Falling back to this instance and PostgreSQL; retrying.`,
      );
    },
    recovered() {
      if (!down) return;
      down = false;
      lastWarnedAt = undefined;
      warn("Redis (REDIS_URL) is available again.");
    },
  };
}

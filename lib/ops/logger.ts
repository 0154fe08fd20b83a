// One log line per event, JSON under `npm start` (for a log shipper: journald, Loki, CloudWatch…),
// human-readable otherwise. No "server-only": scripts/start.ts bundles it outside Next.js. Both
// copies (the start bundle's and Next.js's) read one configuration from globalThis, which
// scripts/start.ts sets from LOG_LEVEL; unconfigured (tests, `next dev`) it logs info and up, readable.

export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = "json" | "pretty";
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface LoggerConfig {
  level: LogLevel;
  format: LogFormat;
  /** Where a finished line goes; errors and warnings to stderr, the rest to stdout by default. */
  write?: (level: LogLevel, line: string) => void;
}

const KEY = Symbol.for("flywheel.logger");
const shared = globalThis as unknown as { [KEY]?: LoggerConfig };

export function configureLogger(config: LoggerConfig): void {
  shared[KEY] = config;
}

function currentConfig(): LoggerConfig {
  return shared[KEY] ?? { level: "info", format: "pretty" };
}

export function enabled(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}

/** One line: `{"time","level","msg",...fields}` or `time LEVEL msg key=value …`. Undefined fields are left out. */
export function formatLine(
  format: LogFormat,
  level: LogLevel,
  message: string,
  fields: LogFields = {},
  time = new Date(),
): string {
  const present = Object.entries(fields).filter(([, value]) => value !== undefined);
  if (format === "json") {
    return JSON.stringify({ time: time.toISOString(), level, msg: message, ...Object.fromEntries(present) });
  }
  const pairs = present.map(([key, value]) => `${key}=${formatValue(value)}`);
  return [time.toISOString(), level.toUpperCase().padEnd(5), message, ...pairs].join(" ");
}

function formatValue(value: string | number | boolean | null | undefined): string {
  if (typeof value === "string" && /^[\w./:@-]*$/.test(value) && value !== "") return value;
  return JSON.stringify(value);
}

function defaultWrite(level: LogLevel, line: string): void {
  const stream = level === "error" || level === "warn" ? process.stderr : process.stdout;
  stream.write(`${line}\n`);
}

export function log(level: LogLevel, message: string, fields?: LogFields): void {
  const config = currentConfig();
  if (!enabled(level, config.level)) return;
  (config.write ?? defaultWrite)(level, formatLine(config.format, level, message, fields));
}

/** An error's class and message for a log line; the stack only at debug level. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: String(error) };
  const debug = enabled("debug", currentConfig().level);
  return { error: `${error.name}: ${error.message}`, stack: debug ? error.stack : undefined };
}

export const logger = {
  error: (message: string, fields?: LogFields) => log("error", message, fields),
  warn: (message: string, fields?: LogFields) => log("warn", message, fields),
  info: (message: string, fields?: LogFields) => log("info", message, fields),
  debug: (message: string, fields?: LogFields) => log("debug", message, fields),
};

// One orderly stop for `npm start`, whatever asks for it: Ctrl+C (SIGINT), SIGTERM, a failed start-up
// or the dev server exiting. Steps run once, last registered first, so what started last stops first:
// the HTTP server drains, then the app's pool closes, then the embedded database is flushed and
// unlocked. A step that throws is logged and the next one still runs: the database must be closed
// even if the server could not be.

type Step = () => Promise<void> | void;

const steps: Step[] = [];
const forceHandlers: (() => void)[] = [];
let startedAt: number | undefined;

// Ctrl+C reaches every process of the terminal's foreground group, and npm forwards the signal it got
// to its child as well: one keypress delivers SIGINT twice within milliseconds. A signal that comes
// later than this is the user asking again, and then open requests are cut instead of awaited.
const DUPLICATE_SIGNAL_MS = 1_000;
const PARENT_CHECK_MS = 1_000;

/** Registers a step to run at shutdown (after every step registered later). */
export function onShutdown(step: Step): void {
  steps.push(step);
}

/** Called when a second signal arrives while stopping: stop waiting for whatever can be cut short. */
export function onForcedShutdown(handler: () => void): void {
  forceHandlers.push(handler);
}

export function isShuttingDown(): boolean {
  return startedAt !== undefined;
}

/** Runs every step (once) and exits with `code`. */
export async function shutdown(code: number): Promise<never> {
  if (startedAt === undefined) {
    startedAt = Date.now();
    for (const step of steps.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(error instanceof Error ? error.message : error);
        code ||= 1;
      }
    }
    console.log(code === 0 ? "Flywheel stopped." : "Flywheel stopped after an error.");
    process.exit(code);
  }
  // Already stopping: the first call exits when it is done.
  return new Promise<never>(() => {});
}

/** SIGINT and SIGTERM stop cleanly (exit code 0); a repeated signal cuts the drain short. */
export function installSignalHandlers(): void {
  const handle = (signal: NodeJS.Signals) => {
    if (startedAt === undefined) {
      console.log(`\n${signal}: stopping Flywheel…`);
      void shutdown(0);
    } else if (Date.now() - startedAt > DUPLICATE_SIGNAL_MS) {
      for (const force of forceHandlers) force();
    }
  };
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);

  // Whoever started us (npm, a shell, a supervisor) is gone, e.g. killed with SIGKILL: nothing would
  // ever stop this server, so it stops itself. A new parent (the orphan's reaper) means exactly that.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid === parent || startedAt !== undefined) return;
    console.log(`The parent process (${parent}) is gone: stopping Flywheel…`);
    void shutdown(0);
  }, PARENT_CHECK_MS).unref();
}

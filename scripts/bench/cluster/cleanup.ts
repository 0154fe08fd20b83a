// Everything the cluster benchmark starts (processes, temp dirs, the database) registers how to undo
// it here, and it is undone in reverse order once: at the end, on a failure, or on Ctrl+C / SIGTERM.
// A half-started cluster must not outlive the script: nginx, redis-server and the instances would keep
// their ports and the database would stay on the shared PostgreSQL.

type Step = { name: string; run: () => Promise<void> | void };

const steps: Step[] = [];
let running: Promise<void> | undefined;

export function onCleanup(name: string, run: Step["run"]): void {
  steps.push({ name, run });
}

/** Runs every registered step, last first; a step that fails is reported and the others still run. */
export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    for (const step of steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`cleanup: ${step.name} failed:`, error instanceof Error ? error.message : error);
      }
    }
  })();
  return running;
}

/** Ctrl+C, SIGTERM or an unexpected error: clean up, then exit non-zero. */
export function installCleanupHandlers(): void {
  const stop = (why: string) => {
    console.error(`\n${why}: cleaning up the cluster…`);
    void cleanupAll().finally(() => process.exit(1));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("uncaughtException", (error) => stop(`uncaught error: ${error.stack ?? error.message}`));
  process.on("unhandledRejection", (error) =>
    stop(`unhandled rejection: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  );
}

// Rebuilding the indexes and constraints dropped for the bulk load, on two connections (PostgreSQL runs
// each on its own core). The full-text (GIN) index of Message is the longest single step — one core,
// since PostgreSQL builds GIN indexes in parallel only from version 18 — so connection A starts it as
// soon as the messages are in, and everything else is arranged around it:
// - B loads the other tables meanwhile, then builds the remaining indexes. Primary keys and unique
//   constraints are built as plain unique indexes (a SHARE lock, which does not conflict with the GIN
//   build) and attached as constraints afterwards (a moment, but an exclusive lock);
// - foreign keys are added NOT VALID and then validated (VALIDATE locks the referenced table only
//   lightly); those that do not involve Message, and ANALYZE of the other tables, run on B during the
//   GIN build; the ones on Message, which adding would block behind the GIN build, come last.
import type pg from "pg";
import { quoteIdent, type Ddl } from "./seed-schema";

export type Task = { label: string; sql: string };
export type Runner = (client: pg.Client, label: string, sql: string) => Promise<void>;

const LONGEST_TABLE = "Message";

/** Runs the tasks on the clients, each taking the next task when it is free. Consumes `queue`. */
export async function drain(clients: pg.Client[], queue: Task[], run: Runner): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      for (let task = queue.shift(); task; task = queue.shift()) await run(client, task.label, task.sql);
    }),
  );
}

/** A queue that several connections take tasks from, and a promise that all its tasks are done. */
function sharedQueue(tasks: Task[], run: Runner) {
  const queue = [...tasks];
  let pending = tasks.length;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {}); // reported by the drain that failed
  if (pending === 0) settle?.resolve();
  return {
    done,
    async drain(client: pg.Client): Promise<void> {
      for (let task = queue.shift(); task; task = queue.shift()) {
        try {
          await run(client, task.label, task.sql);
        } catch (error) {
          settle?.reject(error);
          throw error;
        }
        if (--pending === 0) settle?.resolve();
      }
    },
  };
}

function foreignKeyTasks(keys: Ddl[]): { add: Task[]; validate: Task[] } {
  const tables = [...new Set(keys.map((item) => item.table))];
  return {
    add: keys.map((item) => ({ label: `foreign key ${item.name} added`, sql: `${item.sql} NOT VALID` })),
    // One task per table: validating two keys of one table at once would wait on each other's lock.
    validate: tables.map((table) => {
      const names = keys.filter((item) => item.table === table).map((item) => item.name);
      return {
        label: `foreign keys of ${table} validated (${names.length})`,
        sql: names
          .map((name) => `ALTER TABLE ${quoteIdent(table)} VALIDATE CONSTRAINT ${quoteIdent(name)}`)
          .join("; "),
      };
    }),
  };
}

export async function rebuildAroundLoad(opts: {
  a: pg.Client;
  b: pg.Client;
  ddl: Ddl[];
  run: Runner;
  /** B's share of the loading (the tables other than Message), done while A builds the GIN index. */
  loadOnB: () => Promise<void>;
  /** Tables to ANALYZE once their indexes are back. */
  analyze: string[];
}): Promise<void> {
  const { a, b, ddl, run } = opts;
  const longest = ddl.filter(
    (item) => item.kind === "index" && item.table === LONGEST_TABLE && /USING gin/i.test(item.sql),
  );
  const weight = (item: Ddl) => ({ Message: 3, Feedback: 2, Conversation: 1 })[item.table] ?? 0;
  const indexes = sharedQueue(
    ddl
      .filter((item) => item.kind !== "foreign-key" && !longest.includes(item))
      .sort((x, y) => weight(y) - weight(x))
      .map((item) => ({ label: `index ${item.name}`, sql: item.build ?? item.sql })),
    run,
  );
  const attach = (onLongest: boolean) =>
    ddl
      .filter((item) => item.attach && (item.table === LONGEST_TABLE) === onLongest)
      .map((item) => ({ label: `constraint ${item.name} attached`, sql: item.attach! }));
  const involvesLongest = (item: Ddl) =>
    item.table === LONGEST_TABLE || item.sql.includes(`REFERENCES ${quoteIdent(LONGEST_TABLE)}(`);
  const keys = ddl.filter((item) => item.kind === "foreign-key");
  const early = foreignKeyTasks(keys.filter((item) => !involvesLongest(item)));
  const late = foreignKeyTasks(keys.filter(involvesLongest));
  const analyze = (onLongest: boolean) =>
    opts.analyze
      .filter((table) => (table === LONGEST_TABLE) === onLongest)
      .map((table) => ({ label: `analyze ${table}`, sql: `ANALYZE ${quoteIdent(table)}` }));

  await Promise.all([
    (async () => {
      for (const item of longest) await run(a, `index ${item.name}`, item.sql);
      await indexes.drain(a);
    })(),
    (async () => {
      await opts.loadOnB();
      await indexes.drain(b);
      await indexes.done;
      await drain([b], [...attach(false), ...early.add, ...early.validate, ...analyze(false)], run);
    })(),
  ]);
  await drain([a], [...attach(true), ...late.add], run);
  const weightOf = (task: Task) => (task.label.includes(` ${LONGEST_TABLE} `) ? 1 : 0);
  await drain([a, b], [...late.validate.sort((x, y) => weightOf(y) - weightOf(x)), ...analyze(true)], run);
}

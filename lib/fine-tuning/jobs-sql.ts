import "server-only";
import { checkedStatement } from "../db/checked-statement";
import { Prisma } from "../db/generated/client";

// Hand-written statements of the fine-tuning jobs (docs/fine-tuning.md, "Fine-tuning jobs"). Other
// advisory lock keys in use: lib/admin/admin-locks-sql.ts.

/** One start of the same request at a time (start-job.ts), held until the transaction ends. */
export const lockJobRequestSql = checkedStatement(
  "finetune.lock-request",
  (requestKey: string) =>
    Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended(${`finetune:${requestKey}`}, 0))`,
  "0".repeat(64),
);

/**
 * Leases up to `limit` due jobs to `owner` for `leaseMs` and returns their ids. A job still leased by
 * another instance is skipped, and SKIP LOCKED lets two instances claiming at the same moment take
 * different rows instead of waiting on each other: each job is worked on by one instance at a time.
 * A lease that ran out (its instance died mid-step) makes the job claimable again.
 */
export const claimDueJobsSql = checkedStatement(
  "finetune.claim-due-jobs",
  (owner: string, leaseMs: number, limit: number) => Prisma.sql`
    UPDATE "FineTuneJob" SET "leaseOwner" = ${owner},
           "leaseUntil" = now() + make_interval(secs => ${leaseMs}::double precision / 1000)
    WHERE "id" IN (
      SELECT "id" FROM "FineTuneJob"
      WHERE "status" NOT IN ('succeeded', 'failed', 'cancelled')
        AND "nextPollAt" <= now()
        AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
      ORDER BY "nextPollAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING "id"`,
  "sample-owner",
  60_000,
  5,
);

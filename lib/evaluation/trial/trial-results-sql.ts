import "server-only";
import { namedStatement } from "../../db/named-statement";

// The live trial's two counts. Both read only the trial's window, through indexes, so they stay fast
// when Feedback and Comparison hold millions of rows:
// - ratings: Feedback's (modelId, createdAt, id) index, one range per model; each rating then finds
//   its answer by primary key to keep only answers made during the trial;
// - comparisons: Comparison's (createdAt, id) index over the window, filtered on the pair's frozen
//   modelA/modelB columns (no join to the two answers).

/** $1 the models (text[]), $2 the trial's start, $3 its end (now while it runs). */
export const TRIAL_RATINGS = namedStatement(
  "evaluation.trial-ratings",
  `SELECT f."modelId",
          count(*) FILTER (WHERE f."rating" = 'up')::int AS "up",
          count(*) FILTER (WHERE f."rating" = 'down')::int AS "down"
   FROM "Feedback" f
   JOIN "Message" m ON m."id" = f."messageId"
   WHERE f."modelId" = ANY($1::text[])
     AND f."createdAt" >= $2::timestamp AND f."createdAt" < $3::timestamp
     AND m."createdAt" >= $2::timestamp AND m."createdAt" < $3::timestamp
   GROUP BY f."modelId"`,
);
export type TrialRatingsRow = { modelId: string; up: number; down: number };

/**
 * $1 candidate, $2 baseline, $3 start, $4 end. Per source, the candidate's wins, its losses and the
 * ties ("both are bad" counts as a tie), from every comparison between the two models in the window.
 */
export const TRIAL_COMPARISONS = namedStatement(
  "evaluation.trial-comparisons",
  `SELECT c."source"::text AS "source",
          count(*) FILTER (WHERE (c."modelA" = $1 AND c."preferredId" = c."answerAId")
                              OR (c."modelB" = $1 AND c."preferredId" = c."answerBId"))::int AS "wins",
          count(*) FILTER (WHERE (c."modelA" = $2 AND c."preferredId" = c."answerAId")
                              OR (c."modelB" = $2 AND c."preferredId" = c."answerBId"))::int AS "losses",
          count(*) FILTER (WHERE c."preferredId" IS NULL)::int AS "ties"
   FROM "Comparison" c
   WHERE c."createdAt" >= $3::timestamp AND c."createdAt" < $4::timestamp
     AND ((c."modelA" = $1 AND c."modelB" = $2) OR (c."modelA" = $2 AND c."modelB" = $1))
   GROUP BY c."source"
   ORDER BY c."source"`,
);
export type TrialComparisonsRow = { source: string; wins: number; losses: number; ties: number };

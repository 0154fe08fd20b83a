// From one conversation, as stored, to export items. Pure: the database side loads a conversation (its
// messages, the owner's ratings, the newest corrections and the owner's comparisons) and calls
// `conversationItems`; everything that needs the whole tree is decided here, once, in named steps:
//
// 1. usable-evidence.ts: the ratings and corrections that count (an excluded rating removes its
//    answer from every training signal: no rating item, not `ratedUp` in later histories, and
//    comparisons involving it are skipped);
// 2. comparison-items.ts: valid comparisons (a pair implied by ratings only while both ratings still
//    say so), and the explicit outcomes of answers the user did not rate;
// 3. trained-answers.ts: which later line trains each earlier up-rated answer (openai-sft);
// 4. rating-items.ts: the rating items, then one compared-answer item per unrated compared answer.
//
// Every history is the branch to its answer only (branch-histories.ts).
import type { ExportItem } from "../types";
import { branchHistories } from "./branch-histories";
import { comparisonItems } from "./comparison-items";
import { comparedAnswerItems, ratingItems } from "./rating-items";
import type { ConversationSnapshot, Skip } from "./snapshot";
import { trainedInLaterLines } from "./trained-answers";
import { usableEvidence } from "./usable-evidence";

export function conversationItems(snapshot: ConversationSnapshot): { items: ExportItem[]; skipped: Skip[] } {
  const skipped: Skip[] = [];
  const evidence = usableEvidence(snapshot, skipped);
  const histories = branchHistories(snapshot, evidence);
  const { comparisons, outcomes } = comparisonItems(snapshot, evidence, histories, skipped);
  const inLaterLine = trainedInLaterLines(evidence, outcomes, histories);
  const items: ExportItem[] = [
    ...ratingItems(snapshot, evidence, histories, inLaterLine),
    ...comparedAnswerItems(snapshot, evidence, histories, outcomes),
    ...comparisons,
  ];
  return { items, skipped };
}

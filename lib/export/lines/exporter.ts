// One export of one format, as a pure, stateful accumulator: items in (in a deterministic order — the
// database side reads conversations by keyset), ready-to-write lines out, a summary at the end.
// For every row: redact (option) → build → validate → serialise → drop contradictions → dedupe (option)
// → limit → split. Nothing here reads a clock, a random source or the environment, so the same items
// and options give byte-identical files.
import { FORMATS } from "../formats";
import { conversationItems } from "../items/conversation-items";
import type { ConversationSnapshot } from "../items/snapshot";
import { createTurnRedactor, redactItem } from "../items/redact";
import { jsonLine } from "./serialize";
import { fingerprint, LineSet } from "./dedupe";
import { assertSplitOptions, splitFor, type Split, type SplitOptions } from "./split";
import { SummaryBuilder, type ExportSummary } from "./summary";
import type { ExportFormat, ExportItem, FormatId } from "../types";

export type ExportOptions = {
  format: FormatId;
  /** Replace PII in every free-text field (lib/export/items/redact.ts). Default off. */
  redact?: boolean;
  /** Drop a line identical to one already written. Default on. */
  dedupe?: boolean;
  /** Train/validation split by conversation; absent: every line is training data. */
  split?: SplitOptions | null;
  /** At most this many lines in total (train + validation); absent or null: no limit. */
  maxRows?: number | null;
};

export type ExportLine = { split: Split; /** One JSON object and its "\n". */ line: string };

export interface Exporter {
  readonly format: ExportFormat;
  /** The lines one item gives, in order, to append to the file of their split. */
  push(item: ExportItem): ExportLine[];
  /** Builds the conversation's items (lib/export/items/), counts what it skipped, pushes the items. */
  pushConversation(snapshot: ConversationSnapshot): ExportLine[];
  /** The row limit is reached: nothing more will be written, the caller may stop reading. */
  readonly full: boolean;
  summary(): ExportSummary;
}

export function createExporter(options: ExportOptions): Exporter {
  const format = FORMATS[options.format];
  const redact = options.redact === true;
  const dedupe = options.dedupe !== false;
  const split = options.split ?? null;
  if (split) assertSplitOptions(split);
  const maxRows = options.maxRows ?? null;
  if (maxRows !== null && !(Number.isInteger(maxRows) && maxRows >= 0)) {
    throw new RangeError(`maxRows must be a non-negative integer (got ${maxRows}).`);
  }
  const summary = new SummaryBuilder(format.id, redact);
  const redactTurn = redact ? createTurnRedactor(summary.redactions ?? undefined) : null;
  // Written lines, kept whenever a duplicate or a contradiction has to be recognised.
  const seen = dedupe || format.opposite ? new LineSet() : null;
  const full = () => maxRows !== null && summary.written >= maxRows;

  function push(item: ExportItem): ExportLine[] {
    summary.item(item.kind);
    const source = redactTurn ? redactItem(item, summary.redactions ?? undefined, redactTurn) : item;
    const lines: ExportLine[] = [];
    for (const row of format.rows(source)) {
      const verdict = format.validate(row);
      if (!verdict.ok) {
        summary.drop(verdict.reason);
        continue;
      }
      const { text: line, skeleton } = jsonLine(row);
      // Lines are remembered by the fingerprint of their skeleton (lib/export/lines/serialize.ts): one
      // hash per line, of a few kilobytes at most, whatever the length of the history.
      if (seen && format.opposite && seen.has(fingerprint(jsonLine(format.opposite(row)).skeleton))) {
        summary.drop("contradicts_earlier_line");
        continue;
      }
      const print = seen ? fingerprint(skeleton) : null;
      if (dedupe && seen!.has(print!)) {
        summary.drop("duplicate");
        continue;
      }
      if (full()) {
        summary.drop("over_max_rows");
        continue;
      }
      if (print) seen!.add(print);
      const where = splitFor(item.conversationId, split);
      summary.line(where, typeof row.label === "boolean" && format.id === "trl-kto" ? row.label : undefined);
      lines.push({ split: where, line });
    }
    return lines;
  }

  return {
    format,
    push,
    pushConversation(snapshot) {
      const { items, skipped } = conversationItems(snapshot);
      for (const skip of skipped) summary.skip(skip.reason);
      return items.flatMap(push);
    },
    get full() {
      return full();
    },
    summary: () => summary.build(),
  };
}

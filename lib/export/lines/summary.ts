// The summary that accompanies every export: what was read, what was written where, what was dropped
// and why, how many placeholders redaction inserted, and for KTO the desirable/undesirable balance with
// the trainer weights that bring it into the range TRL recommends. Keys always come in the same order,
// so the summary of the same export is the same JSON.
import { emptyRedactionCounts, PII_KINDS, type PiiKind, type RedactionCounts } from "../items/redact";
import { SKIP_REASONS, type SkipReason } from "../items/snapshot";
import type { Split } from "./split";
import { DROP_REASONS, ITEM_KINDS, type DropReason, type FormatId, type ItemKind } from "../types";

export type KtoBalance = { desirable: number; undesirable: number };

export type ExportSummary = {
  format: FormatId;
  items: Record<ItemKind, number>;
  /** Evidence left out before any row was built (lib/export/items/), by reason. */
  skipped: Partial<Record<SkipReason, number>>;
  lines: Record<Split, number>;
  /** Rows built but not written, by reason. */
  dropped: Partial<Record<DropReason, number>>;
  /** Placeholders inserted, when redaction is on. */
  redactions: Record<PiiKind, number> | null;
  kto: {
    train: KtoBalance;
    validation: KtoBalance;
    /** For TRL's KTOConfig, computed on the training file; null when one side is empty. */
    suggestedWeights: { desirable_weight: number; undesirable_weight: number } | null;
  } | null;
  warnings: string[];
};

/**
 * TRL recommends (desirable_weight × desirable) : (undesirable_weight × undesirable) between 1:1 and
 * 4:3. Within that range both weights stay 1; otherwise the larger side is weighted down to the
 * nearest end of the range (4:3 when desirable examples dominate, 1:1 when undesirable ones do).
 */
export function suggestKtoWeights(
  balance: KtoBalance,
): { desirable_weight: number; undesirable_weight: number } | null {
  const { desirable, undesirable } = balance;
  if (desirable === 0 || undesirable === 0) return null;
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  const ratio = desirable / undesirable;
  if (ratio > 4 / 3) return { desirable_weight: round(4 / 3 / ratio), undesirable_weight: 1 };
  if (ratio < 1) return { desirable_weight: 1, undesirable_weight: round(ratio) };
  return { desirable_weight: 1, undesirable_weight: 1 };
}

function ordered<K extends string>(keys: readonly K[], counts: Map<K, number>): Partial<Record<K, number>> {
  const result: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const count = counts.get(key);
    if (count) result[key] = count;
  }
  return result;
}

export class SummaryBuilder {
  readonly redactions: RedactionCounts | null;
  private readonly items = new Map<ItemKind, number>();
  private readonly skips = new Map<SkipReason, number>();
  private readonly drops = new Map<DropReason, number>();
  private readonly lines: Record<Split, number> = { train: 0, validation: 0 };
  private readonly kto: Record<Split, KtoBalance> = {
    train: { desirable: 0, undesirable: 0 },
    validation: { desirable: 0, undesirable: 0 },
  };

  constructor(
    private readonly format: FormatId,
    redact: boolean,
  ) {
    this.redactions = redact ? emptyRedactionCounts() : null;
  }

  item(kind: ItemKind): void {
    this.items.set(kind, (this.items.get(kind) ?? 0) + 1);
  }

  skip(reason: SkipReason, count = 1): void {
    this.skips.set(reason, (this.skips.get(reason) ?? 0) + count);
  }

  drop(reason: DropReason): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
  }

  line(split: Split, label?: boolean): void {
    this.lines[split] += 1;
    if (label === true) this.kto[split].desirable += 1;
    if (label === false) this.kto[split].undesirable += 1;
  }

  get written(): number {
    return this.lines.train + this.lines.validation;
  }

  build(): ExportSummary {
    const items = Object.fromEntries(ITEM_KINDS.map((kind) => [kind, this.items.get(kind) ?? 0])) as Record<
      ItemKind,
      number
    >;
    const warnings: string[] = [];
    const openai = this.format === "openai-sft" || this.format === "openai-dpo";
    if (openai && this.lines.train < 10) {
      warnings.push(
        `OpenAI needs at least 10 training lines to start a job; the training file has ${this.lines.train}.`,
      );
    }
    if (this.written === 0)
      warnings.push("Nothing was written: no evidence produced a valid line for this format.");
    const kto =
      this.format === "trl-kto"
        ? {
            train: { ...this.kto.train },
            validation: { ...this.kto.validation },
            suggestedWeights: suggestKtoWeights(this.kto.train),
          }
        : null;
    if (kto && kto.train.desirable + kto.train.undesirable > 0 && kto.suggestedWeights === null) {
      warnings.push("The KTO training file has only one label; KTO learns best with both.");
    }
    return {
      format: this.format,
      items,
      skipped: ordered(SKIP_REASONS, this.skips),
      lines: { ...this.lines },
      dropped: ordered(DROP_REASONS, this.drops),
      redactions: this.redactions
        ? (Object.fromEntries(PII_KINDS.map((kind) => [kind, this.redactions![kind]])) as RedactionCounts)
        : null,
      kto,
      warnings,
    };
  }
}

// Seen-line memory for deduplication with bounded, predictable memory: each line is reduced to a 128-bit
// fingerprint (the first 16 bytes of its SHA-256) kept in an open-addressing table of 32-bit words —
// 16 bytes per slot, at most 70% full, so roughly 23–46 bytes per distinct line (about 40 MB for a
// million lines) instead of the lines themselves. Two different lines share a fingerprint with
// probability about n²/2¹²⁹: for 10⁹ lines, under 10⁻²¹. A line is hashed once: the exporter computes
// its fingerprint and asks `has` and then `add` with it (hashing is a per-byte cost, and lines are long).
import { hash } from "node:crypto";

const WORDS = 4;
const MAX_LOAD = 0.7;

/** 128 bits of a line, as four 32-bit words. */
export type Fingerprint = Uint32Array;

export function fingerprint(line: string): Fingerprint {
  const digest = hash("sha256", line, "buffer");
  const words = new Uint32Array(WORDS);
  for (let i = 0; i < WORDS; i++) words[i] = digest.readUInt32LE(i * 4);
  // An all-zero slot means "empty": give the (2⁻¹²⁸-likely) all-zero fingerprint one bit.
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0) words[0] = 1;
  return words;
}

export class LineSet {
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.slots = new Uint32Array(capacity * WORDS);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** A line, or its fingerprint when the caller has it already. */
  has(line: string | Fingerprint): boolean {
    const print = typeof line === "string" ? fingerprint(line) : line;
    return this.find(this.slots, this.mask, print).found;
  }

  /** Adds the line (or its fingerprint); false when it was already there. */
  add(line: string | Fingerprint): boolean {
    const print = typeof line === "string" ? fingerprint(line) : line;
    const slot = this.find(this.slots, this.mask, print);
    if (slot.found) return false;
    this.slots.set(print, slot.index * WORDS);
    this.count += 1;
    if (this.count > (this.mask + 1) * MAX_LOAD) this.grow();
    return true;
  }

  private find(slots: Uint32Array, mask: number, print: Uint32Array): { found: boolean; index: number } {
    let index = print[1]! & mask;
    for (;;) {
      const at = index * WORDS;
      if (slots[at] === 0 && slots[at + 1] === 0 && slots[at + 2] === 0 && slots[at + 3] === 0) {
        return { found: false, index };
      }
      if (
        slots[at] === print[0] &&
        slots[at + 1] === print[1] &&
        slots[at + 2] === print[2] &&
        slots[at + 3] === print[3]
      ) {
        return { found: true, index };
      }
      index = (index + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const slots = new Uint32Array(capacity * WORDS);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += WORDS) {
      const print = old.subarray(at, at + WORDS);
      if (print[0] === 0 && print[1] === 0 && print[2] === 0 && print[3] === 0) continue;
      slots.set(print, this.find(slots, mask, print).index * WORDS);
    }
    this.slots = slots;
    this.mask = mask;
  }
}

// The bootstrap's sampler: exact binomial and multinomial draws from a seeded generator.
import { describe, expect, it } from "vitest";
import { binomial, logFactorial, mulberry32, multinomial } from "@/lib/leaderboard/random";

describe("seeded sampling", () => {
  it("repeats with the seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(first.every((u) => u >= 0 && u < 1)).toBe(true);
  });

  it("computes log-factorials on both sides of the table", () => {
    let exact = 0;
    for (let k = 1; k <= 200; k++) {
      exact += Math.log(k);
      expect(Math.abs(logFactorial(k) - exact)).toBeLessThan(1e-9);
    }
  });

  it.each([
    [20, 0.1],
    [1_000, 0.003],
    [1_000, 0.3],
    [1_000_000, 0.02],
    [500, 0.9],
  ])("draws Binomial(%i, %f) with its mean and variance", (n, p) => {
    const random = mulberry32(7);
    const draws = Array.from({ length: 20_000 }, () => binomial(n, p, random));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(draws.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
    expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws.length));
    expect(Math.abs(variance / (sd * sd) - 1)).toBeLessThan(0.05);
  });

  it("draws multinomials that add up and follow the cell shares", () => {
    const random = mulberry32(3);
    const counts = [500_000, 0, 300_000, 150_000, 50_000];
    const sums = [0, 0, 0, 0, 0];
    for (let round = 0; round < 200; round++) {
      const drawn = multinomial(1_000_000, counts, random);
      expect(drawn.reduce((s, x) => s + x, 0)).toBe(1_000_000);
      expect(drawn[1]).toBe(0);
      drawn.forEach((x, i) => (sums[i]! += x));
    }
    sums.forEach((sum, i) => expect(Math.abs(sum / 200 - counts[i]!)).toBeLessThan(200));
  });
});

// The live trial's interval maths against published values: Wilson's score interval from Newcombe
// (1998), "Two-sided confidence intervals for the single proportion", Table I (method 3), and the
// difference of two proportions from Newcombe (1998), "Interval estimation for the difference between
// independent proportions", Table II (method 10), both to the papers' four decimals.
import { describe, expect, it } from "vitest";
import {
  differenceSignificant,
  newcombeDifference,
  wilsonInterval,
  winRateSignificant,
} from "@/lib/evaluation/trial/interval-math";

const close = (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, 4);

describe("wilsonInterval", () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i of %i → [%f, %f]", (x, n, low, high) => {
    const interval = wilsonInterval(x, n);
    close(interval.low, low);
    close(interval.high, high);
    expect(interval.estimate).toBeCloseTo(x / n, 12);
  });

  it("is symmetric: x of n mirrors n − x of n", () => {
    const a = wilsonInterval(3, 17);
    const b = wilsonInterval(14, 17);
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
  });

  it("stays within [0, 1] at the edges, and knows nothing without votes", () => {
    expect(wilsonInterval(29, 29).high).toBe(1);
    expect(wilsonInterval(0, 29).low).toBe(0);
    const none = wilsonInterval(0, 0);
    expect(none.estimate).toBeNaN();
    expect([none.low, none.high]).toEqual([0, 1]);
  });
});

describe("newcombeDifference", () => {
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
  ])("%i/%i − %i/%i → [%f, %f]", (x1, n1, x2, n2, low, high) => {
    const interval = newcombeDifference(x1, n1, x2, n2);
    close(interval.low, low);
    close(interval.high, high);
    expect(interval.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 12);
  });

  it("is antisymmetric: swapping the groups negates the interval", () => {
    const a = newcombeDifference(56, 70, 48, 80);
    const b = newcombeDifference(48, 80, 56, 70);
    expect(a.low).toBeCloseTo(-b.high, 12);
    expect(a.high).toBeCloseTo(-b.low, 12);
  });

  it("knows nothing when a side has no votes", () => {
    const none = newcombeDifference(3, 4, 0, 0);
    expect(none.estimate).toBeNaN();
    expect([none.low, none.high]).toEqual([-1, 1]);
  });
});

describe("significance", () => {
  it("a win rate is significant only when its interval excludes one half", () => {
    expect(winRateSignificant(wilsonInterval(15, 20))).toBe(true); // [0.531, 0.888]
    expect(winRateSignificant(wilsonInterval(14, 20))).toBe(false); // [0.481, 0.855]
    expect(winRateSignificant(wilsonInterval(4, 20))).toBe(true); // below: significantly worse
    expect(winRateSignificant(wilsonInterval(0, 0))).toBe(false);
  });

  it("a difference of rates is significant only when its interval excludes zero", () => {
    expect(differenceSignificant(newcombeDifference(56, 70, 48, 80))).toBe(true);
    expect(differenceSignificant(newcombeDifference(6, 10, 5, 10))).toBe(false);
    expect(differenceSignificant(newcombeDifference(48, 80, 56, 70))).toBe(true);
    expect(differenceSignificant(newcombeDifference(1, 1, 0, 0))).toBe(false);
  });
});

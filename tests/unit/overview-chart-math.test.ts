import { describe, expect, it } from "vitest";
import {
  band,
  labelIndices,
  linePath,
  linearScale,
  niceStep,
  niceTicks,
  stack,
} from "@/components/admin/overview/chart-math";
import { formatDayShort, formatPercent } from "@/components/admin/overview/format";
import { modelColors } from "@/components/admin/overview/model-colors";

describe("linearScale", () => {
  it("maps the domain onto the range, inverted ranges included (SVG y grows downwards)", () => {
    const y = linearScale([0, 1], [200, 20]);
    expect(y(0)).toBe(200);
    expect(y(1)).toBe(20);
    expect(y(0.5)).toBe(110);
    expect(linearScale([10, 20], [0, 100])(15)).toBe(50);
  });

  it("maps an empty domain to the start of the range instead of dividing by zero", () => {
    expect(linearScale([0, 0], [200, 20])(0)).toBe(200);
  });
});

describe("niceStep and niceTicks", () => {
  it.each([
    [0.7, 1],
    [1, 1],
    [1.5, 2],
    [3, 5],
    [7, 10],
    [34, 50],
    [120, 200],
    [2500, 5000],
  ])("niceStep(%s) = %s", (rough, step) => {
    expect(niceStep(rough)).toBe(step);
  });

  it("falls back to 1 for nonsense", () => {
    expect(niceStep(0)).toBe(1);
    expect(niceStep(-5)).toBe(1);
    expect(niceStep(Number.NaN)).toBe(1);
    expect(niceStep(Number.POSITIVE_INFINITY)).toBe(1);
  });

  it("covers the maximum from 0 in whole, round steps", () => {
    expect(niceTicks(137)).toEqual([0, 50, 100, 150]);
    expect(niceTicks(4000)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceTicks(4001)).toEqual([0, 2000, 4000, 6000]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(1)).toEqual([0, 1]);
  });

  it("still draws an axis when there is nothing to count", () => {
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe("linePath", () => {
  it("draws through the points, rounded to a tenth", () => {
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 5.04, y: 20.06 },
        { x: 10, y: 15 },
      ]),
    ).toBe("M0 10 L5 20.1 L10 15");
  });

  it("breaks the line at a missing value instead of drawing it as zero", () => {
    expect(linePath([{ x: 0, y: 1 }, { x: 1, y: 2 }, null, { x: 3, y: 4 }, { x: 4, y: 5 }])).toBe(
      "M0 1 L1 2 M3 4 L4 5",
    );
  });

  it("leaves single points and empty input to the markers", () => {
    expect(linePath([null, { x: 1, y: 2 }, null])).toBe("");
    expect(linePath([])).toBe("");
  });
});

describe("labelIndices", () => {
  it("labels every day when they fit", () => {
    expect(labelIndices(7, 8)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("spaces the labels evenly and always labels the last day (today)", () => {
    const indices = labelIndices(90, 8);
    expect(indices.length).toBeLessThanOrEqual(8);
    expect(indices.at(-1)).toBe(89);
    const gaps = indices.slice(1).map((index, i) => index - indices[i]!);
    expect(new Set(gaps).size).toBe(1);
    expect(labelIndices(30, 8)).toEqual([1, 5, 9, 13, 17, 21, 25, 29]);
  });

  it("labels nothing when there is nothing", () => {
    expect(labelIndices(0, 8)).toEqual([]);
    expect(labelIndices(5, 0)).toEqual([]);
  });
});

describe("stack", () => {
  it("puts each series on top of the previous ones, column by column", () => {
    expect(
      stack([
        [1, 0, 3],
        [2, 5, 0],
      ]),
    ).toEqual([
      [
        [0, 1],
        [0, 0],
        [0, 3],
      ],
      [
        [1, 3],
        [0, 5],
        [3, 3],
      ],
    ]);
  });

  it("treats a shorter series as zeros", () => {
    expect(stack([[1, 1], [2]])).toEqual([
      [
        [0, 1],
        [0, 1],
      ],
      [
        [1, 3],
        [1, 1],
      ],
    ]);
    expect(stack([])).toEqual([]);
  });
});

describe("band", () => {
  it("centres a bar in its column", () => {
    expect(band(0, 4, [0, 100])).toEqual({ x: 3.75, width: 17.5, center: 12.5 });
    expect(band(3, 4, [0, 100]).center).toBe(87.5);
  });

  it("keeps bars narrow when there are few days", () => {
    expect(band(0, 1, [0, 900]).width).toBe(48);
  });
});

describe("formatting and colours", () => {
  it("writes shares and days for people", () => {
    expect(formatPercent(0.6324)).toBe("63.2%");
    expect(formatPercent(1, 0)).toBe("100%");
    expect(formatPercent(null)).toBe("—");
    expect(formatDayShort("2026-11-02")).toBe("Nov 2");
  });

  it("gives each model its own colour, in list order, and grey to the unknown model", () => {
    const colorOf = modelColors(["b", "", "a"]);
    expect(colorOf("b").stroke).toContain("stroke-sky-600");
    expect(colorOf("a").stroke).toContain("stroke-amber-600");
    expect(colorOf("").stroke).toContain("stroke-zinc-500");
    expect(colorOf("b").stroke).toContain("dark:");
    expect(colorOf("never-listed").fill).toContain("fill-zinc-500");
  });
});

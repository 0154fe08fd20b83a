import { describe, expect, it } from "vitest";
import {
  addDays,
  consecutiveRanges,
  daysBetween,
  emptyDay,
  modelDay,
  parseStoredModels,
  type DayStats,
} from "@/lib/admin/overview/day-stats";
import { dailySeries, summarizeModels, topBadReasons } from "@/lib/admin/overview/summarize";
import { overviewInput } from "@/lib/admin/overview/overview-input";

function day(key: string, models: Record<string, Partial<ReturnType<typeof modelDay>>>): DayStats {
  const stats = emptyDay(key);
  for (const [model, values] of Object.entries(models)) Object.assign(modelDay(stats, model), values);
  return stats;
}

describe("day arithmetic (UTC)", () => {
  it("adds days across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-12-30", "2027-01-02")).toEqual(["2026-12-30", "2026-12-31", "2027-01-01"]);
    expect(daysBetween("2026-12-30", "2026-12-30")).toEqual([]);
  });

  it("groups days into runs of consecutive days", () => {
    expect(consecutiveRanges(["2026-11-01", "2026-11-02", "2026-11-05", "2026-11-30", "2026-12-01"])).toEqual(
      [
        ["2026-11-01", "2026-11-03"],
        ["2026-11-05", "2026-11-06"],
        ["2026-11-30", "2026-12-02"],
      ],
    );
    expect(consecutiveRanges([])).toEqual([]);
  });
});

describe("reading the stored per-model JSON", () => {
  it("reads back what was written", () => {
    const models = {
      a: { answers: 3, rated: 2, up: 1, down: 1, downWithReason: 1, badReasons: { unsafe: 1 } },
      "": { answers: 1, rated: 0, up: 0, down: 0, downWithReason: 0, badReasons: {} },
    };
    expect(parseStoredModels(JSON.stringify(models))).toEqual(models);
  });

  it("reads anything that is not a count as 0 rather than failing", () => {
    expect(
      parseStoredModels(
        JSON.stringify({ a: { answers: "3", up: -1, down: 2.5, badReasons: { x: null } }, b: 7 }),
      ),
    ).toEqual({
      a: { answers: 0, rated: 0, up: 0, down: 0, downWithReason: 0, badReasons: { x: 0 } },
      b: { answers: 0, rated: 0, up: 0, down: 0, downWithReason: 0, badReasons: {} },
    });
    expect(parseStoredModels("null")).toEqual({});
    expect(parseStoredModels("[]")).toEqual({});
  });
});

describe("summaries", () => {
  const days = [
    day("2026-11-01", {
      a: { answers: 4, rated: 3, up: 2, down: 1, downWithReason: 1, badReasons: { incomplete: 1 } },
      "": { answers: 1, rated: 0 },
    }),
    day("2026-11-02", {}),
    day("2026-11-03", {
      a: {
        answers: 2,
        rated: 1,
        up: 0,
        down: 1,
        downWithReason: 1,
        badReasons: { unsafe: 1, incomplete: 1 },
      },
      b: { answers: 10, rated: 6, up: 5, down: 1, downWithReason: 0 },
    }),
  ];

  it("sums the models, most rated first, rates only where there is something to divide", () => {
    const models = summarizeModels(days);
    expect(models.map((m) => [m.key, m.ratings])).toEqual([
      ["b", 6],
      ["a", 4],
      ["", 0],
    ]);
    expect(models[1]).toMatchObject({
      answers: 6,
      rated: 4,
      up: 2,
      down: 2,
      positiveRate: 0.5,
      shareRated: 4 / 6,
    });
    expect(models[2]).toMatchObject({ label: "Unknown model", positiveRate: null, shareRated: 0 });
  });

  it("gives a point for every day, with no rate on days without ratings", () => {
    const series = dailySeries(days, summarizeModels(days));
    expect(series.map((s) => s.key)).toEqual(["b", "a"]); // the unrated unknown model has no line
    expect(series[1]?.points).toEqual([
      { day: "2026-11-01", up: 2, down: 1, ratings: 3, positiveRate: 2 / 3 },
      { day: "2026-11-02", up: 0, down: 0, ratings: 0, positiveRate: null },
      { day: "2026-11-03", up: 0, down: 1, ratings: 1, positiveRate: 0 },
    ]);
  });

  it("ranks bad-rating reasons by count, then by key, as shares of the bad ratings that gave one", () => {
    const reasons = topBadReasons(days, summarizeModels(days));
    expect(reasons.find((r) => r.key === "a")).toEqual({
      key: "a",
      label: "a",
      bad: 2,
      badWithReason: 2,
      top: [
        { reason: "incomplete", label: "Incomplete", count: 2, share: 1 },
        { reason: "unsafe", label: "Unsafe or harmful", count: 1, share: 0.5 },
      ],
    });
    expect(reasons.find((r) => r.key === "b")).toMatchObject({ bad: 1, badWithReason: 0, top: [] });
    expect(topBadReasons(days, summarizeModels(days), 1).find((r) => r.key === "a")?.top).toHaveLength(1);
  });
});

describe("the period input", () => {
  it.each([
    [{ days: "7" }, 7],
    [{ days: 90 }, 90],
    [{}, 30],
    [{ days: "" }, 30],
  ])("%j → %s days", (raw, days) => {
    expect(overviewInput.parse(raw)).toEqual({ days });
  });

  it.each([["abc"], ["10000"], [14], [["7"]], ["7.0"]])("refuses %j", (days) => {
    expect(overviewInput.safeParse({ days }).success).toBe(false);
  });
});

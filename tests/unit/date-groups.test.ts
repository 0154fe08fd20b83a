import { describe, expect, it } from "vitest";
import { groupByDate, groupLabel } from "@/lib/chat/date-groups";

const now = new Date(2026, 10, 28, 15, 0); // 28 November 2026, local time

describe("sidebar date groups", () => {
  it.each([
    [new Date(2026, 10, 28, 0, 1), "Today"],
    [new Date(2026, 10, 27, 23, 59), "Yesterday"],
    [new Date(2026, 10, 22), "Previous 7 days"],
    [new Date(2026, 10, 21), "Previous 7 days"],
    [new Date(2026, 10, 20), "Previous 30 days"],
    [new Date(2026, 9, 29), "Previous 30 days"],
    [new Date(2026, 9, 28), "October"],
    [new Date(2025, 10, 1), "November 2025"],
  ])("%s → %s", (date, label) => {
    expect(groupLabel(date, now)).toBe(label);
  });

  it("keeps the newest-first order and merges consecutive items", () => {
    const items = [
      { id: "a", updatedAt: new Date(2026, 10, 28, 9).toISOString() },
      { id: "b", updatedAt: new Date(2026, 10, 28, 8).toISOString() },
      { id: "c", updatedAt: new Date(2026, 10, 27, 8).toISOString() },
      { id: "d", updatedAt: new Date(2026, 6, 1).toISOString() },
    ];
    expect(groupByDate(items, now).map((g) => [g.label, g.items.map((i) => i.id)])).toEqual([
      ["Today", ["a", "b"]],
      ["Yesterday", ["c"]],
      ["July", ["d"]],
    ]);
  });
});

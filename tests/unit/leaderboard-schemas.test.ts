// The leaderboard's filters as they arrive from the URL: strings, blanks for "any", nonsense refused.
import { describe, expect, it } from "vitest";
import { leaderboardInput } from "@/lib/leaderboard/schemas";

describe("leaderboard filters", () => {
  it("default to all time and all sources, and treat blanks as unset", () => {
    expect(leaderboardInput.parse({})).toEqual({ period: "all", source: "all" });
    expect(leaderboardInput.parse({ period: "", source: "", reason: "", topic: "  " })).toEqual({
      period: "all",
      source: "all",
    });
  });

  it("take the known values, trimming the topic", () => {
    expect(
      leaderboardInput.parse({ period: "30d", source: "implied", reason: "too_verbose", topic: " Lisbon " }),
    ).toEqual({ period: "30d", source: "implied", reason: "too_verbose", topic: "Lisbon" });
    expect(leaderboardInput.parse({ reason: "correct" }).reason).toBe("correct");
  });

  it.each([
    [{ period: "365d" }, "period"],
    [{ source: "ratings" }, "source"],
    [{ reason: "rude" }, "reason"],
    [{ topic: "x".repeat(101) }, "topic"],
    [{ topic: "a\u0000b" }, "topic"],
  ])("refuses %j", (input, field) => {
    const result = leaderboardInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});

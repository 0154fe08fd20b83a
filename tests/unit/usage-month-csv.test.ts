import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "@/lib/usage/csv";
import {
  budgetReachedMessage,
  formatBudgetAmount,
  formatResetDate,
  monthStart,
  nextMonthStart,
} from "@/lib/usage/month";
import { resolvePeriod, usageReportInput } from "@/lib/usage/usage-input";
import { setRoleBudgetInput, setUserBudgetInput } from "@/lib/usage/budget-input";
import { fractionalTicks } from "@/components/admin/usage/fractional-ticks";

describe("budget month (UTC)", () => {
  it("starts on the 1st and resets on the next month's 1st, across a year end", () => {
    expect(monthStart(new Date("2026-12-31T23:59:59Z"))).toBe("2026-12-01");
    expect(nextMonthStart(new Date("2026-12-31T23:59:59Z"))).toBe("2027-01-01");
    expect(nextMonthStart(new Date("2027-01-01T00:00:00Z"))).toBe("2027-02-01");
    expect(nextMonthStart(new Date("2028-01-31T12:00:00Z"))).toBe("2028-02-01");
  });

  it("names the limit and the reset date in the refusal", () => {
    expect(formatResetDate("2027-01-01")).toBe("1 January 2027");
    expect(formatBudgetAmount("usd", 5)).toBe("$5.00");
    expect(formatBudgetAmount("usd", 0.0025)).toBe("$0.0025");
    expect(formatBudgetAmount("tokens", 10000)).toBe("10,000 tokens");
    expect(budgetReachedMessage("usd", 5, "2027-01-01")).toBe(
      "You have reached this month's limit of $5.00. It resets on 1 January 2027.",
    );
    expect(budgetReachedMessage("tokens", 1500, "2026-02-01")).toBe(
      "You have reached this month's limit of 1,500 tokens. It resets on 1 February 2026.",
    );
  });
});

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvLine(["x", 1, 0.5])).toBe("x,1,0.5\r\n");
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    // Numbers are numbers, not text to defuse.
    expect(csvCell(-0)).toBe("0");
    expect(csvCell(12)).toBe("12");
  });
});

describe("usage filters", () => {
  const parse = (raw: object) => usageReportInput.safeParse(raw);

  it("takes a preset or a custom period, both days given and in order", () => {
    expect(resolvePeriod(parse({ days: "7" }).data!, "2026-12-06")).toEqual({
      from: "2026-11-30",
      to: "2026-12-06",
    });
    expect(resolvePeriod(parse({}).data!, "2026-12-06")).toEqual({ from: "2026-11-07", to: "2026-12-06" });
    expect(resolvePeriod(parse({ from: "2026-01-01", to: "2026-12-31" }).data!, "2026-12-06")).toEqual({
      from: "2026-01-01",
      to: "2026-12-31",
    });
  });

  it("refuses a bad period with a field message", () => {
    const issues = (raw: object) =>
      parse(raw).error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(issues({ days: "10" })).toEqual([["days", "The period is 7, 30, 90 or 365 days."]]);
    expect(issues({ from: "2026-02-30", to: "2026-03-01" })).toEqual([["from", "That date does not exist."]]);
    expect(issues({ from: "2026-03-02", to: "2026-03-01" })).toEqual([
      ["to", "The last day is before the first."],
    ]);
    expect(issues({ from: "2026-03-02" })).toEqual([["to", "Give both the first and the last day."]]);
    expect(issues({ from: "2025-01-01", to: "2026-01-02" })).toEqual([
      ["to", "A period is at most 366 days."],
    ]);
    expect(parse({ from: "2024-01-01", to: "2024-12-31" }).success).toBe(true); // 366 days, leap year
  });
});

describe("budget inputs", () => {
  const message = (schema: typeof setRoleBudgetInput | typeof setUserBudgetInput, raw: object) =>
    schema.safeParse(raw).error?.issues[0]?.message;

  it("accepts amounts from form fields, within a sane range", () => {
    expect(setRoleBudgetInput.parse({ role: "USER", unit: "usd", monthlyLimit: "0.50" }).monthlyLimit).toBe(
      0.5,
    );
    expect(setRoleBudgetInput.parse({ role: "ADMIN", unit: "tokens", monthlyLimit: "0" }).monthlyLimit).toBe(
      0,
    );
    expect(message(setRoleBudgetInput, { role: "USER", unit: "usd", monthlyLimit: "-1" })).toBe(
      "A budget cannot be negative.",
    );
    expect(message(setRoleBudgetInput, { role: "USER", unit: "usd", monthlyLimit: "2000000" })).toBe(
      "At most $1,000,000 a month.",
    );
    expect(message(setRoleBudgetInput, { role: "USER", unit: "usd", monthlyLimit: "abc" })).toBe(
      "Enter an amount, e.g. 25 or 0.50.",
    );
    expect(message(setRoleBudgetInput, { role: "USER", unit: "tokens", monthlyLimit: "1.5" })).toBe(
      "Tokens are whole numbers.",
    );
    expect(message(setRoleBudgetInput, { role: "USER", unit: "euros", monthlyLimit: "1" })).toBe(
      "Choose USD or tokens.",
    );
    expect(message(setRoleBudgetInput, { role: "ROOT", unit: "usd", monthlyLimit: "1" })).toBe(
      "Choose a role.",
    );
    expect(message(setUserBudgetInput, { email: "not an email", unit: "usd", monthlyLimit: "1" })).toBe(
      "Enter the email of an account.",
    );
    expect(
      setUserBudgetInput.parse({ email: " Ana@Example.TEST ", unit: "usd", monthlyLimit: 3 }).email,
    ).toBe("ana@example.test");
  });
});

describe("cost chart ticks", () => {
  it("go below 1 for small amounts, without float noise", () => {
    expect(fractionalTicks(0.1)).toEqual([0, 0.05, 0.1]);
    expect(fractionalTicks(0.12)).toEqual([0, 0.05, 0.1, 0.15]);
    expect(fractionalTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(fractionalTicks(137)).toEqual([0, 50, 100, 150]);
    expect(fractionalTicks(0)).toEqual([0, 1]);
  });
});

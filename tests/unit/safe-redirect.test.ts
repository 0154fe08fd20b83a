import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/safe-redirect";

describe("safeCallbackPath", () => {
  it.each([
    ["/settings", "/settings"],
    ["/c/123?x=1", "/c/123?x=1"],
    ["https://evil.test/", "/"],
    ["//evil.test", "/"],
    ["/\\evil.test", "/"],
    ["/sign-in?callbackUrl=/x", "/"],
    ["/api/auth/signout", "/"],
    [undefined, "/"],
    [42, "/"],
    ["/" + "a".repeat(3000), "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});

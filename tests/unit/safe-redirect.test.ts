import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/safe-redirect";

describe("safeCallbackPath", () => {
  it.each([
    ["/settings", "/settings"],
    ["/c/123?x=1", "/c/123?x=1"],
    ["/c/123?next=https://evil.test#top", "/c/123?next=https://evil.test#top"],
    ["/admin/./users", "/admin/users"],
    ["/a/../settings", "/settings"],
    ["/search?q=%2F%2Fevil.test", "/search?q=%2F%2Fevil.test"],
  ])("keeps the same-site path %s as %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  // Every one of these leaves the origin once a browser (or fetch/URL) resolves it.
  it.each([
    "https://evil.test/",
    "http:evil.test",
    "//evil.test",
    "///evil.test",
    "////evil.test/path",
    "/\\evil.test",
    "/\\/evil.test",
    "\\\\evil.test",
    "\\/evil.test",
    "/\t/evil.test",
    "/\n/evil.test",
    "/\r\n/evil.test",
    "/\t\\evil.test",
    "/.//evil.test",
    "/./\\evil.test",
    "/../..//evil.test",
    "/a/..//evil.test",
    "/%2e%2e//evil.test",
    "/.\\/evil.test",
    "javascript:alert(1)",
    " //evil.test",
    "/..//..//evil.test",
    "https:/\\evil.test",
    "evil.test",
    "@evil.test",
  ])("refuses %j", (input) => {
    const result = safeCallbackPath(input);
    expect(result).toBe("/");
  });

  it.each([
    ["/sign-in?callbackUrl=/x", "/"],
    ["/sign-up", "/"],
    ["/./sign-in", "/"],
    ["/api/auth/signout", "/"],
    ["/x/../api/auth/signout", "/"],
    [undefined, "/"],
    [42, "/"],
    ["/" + "a".repeat(3000), "/"],
  ])("refuses auth pages, API routes and non-strings: %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it("returns only paths that a browser resolves to the same origin", () => {
    const hostile = ["/.//evil.test", "/\t/evil.test", "/a/..//evil.test", "/%2e%2e//evil.test"];
    for (const value of hostile) {
      const result = safeCallbackPath(value);
      expect(new URL(result, "https://app.example").origin).toBe("https://app.example");
    }
  });
});

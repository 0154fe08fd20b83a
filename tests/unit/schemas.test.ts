import { describe, expect, it } from "vitest";
import { signInInput, signUpInput } from "@/lib/users/schemas";

describe("account input schemas", () => {
  it("lower-cases and trims emails", () => {
    const parsed = signUpInput.parse({ name: " Ada ", email: " Ada@Example.TEST ", password: "12345678" });
    expect(parsed).toEqual({ name: "Ada", email: "ada@example.test", password: "12345678" });
  });

  it("allows a long passphrase but not an unbounded one", () => {
    expect(signUpInput.safeParse({ name: "A", email: "a@b.test", password: "p".repeat(1024) }).success).toBe(
      true,
    );
    expect(signUpInput.safeParse({ name: "A", email: "a@b.test", password: "p".repeat(1025) }).success).toBe(
      false,
    );
  });

  it("does not reveal password rules at sign-in", () => {
    const result = signInInput.safeParse({ email: "a@b.test", password: "x".repeat(2000) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Email or password is incorrect.");
  });
});

import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env-schema";

describe("parseEnv", () => {
  it("needs nothing to run and applies the documented defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_POOL_SIZE: 10,
      TRAINING_CONSENT_DEFAULT: true,
      SIGNIN_MAX_FAILURES: 10,
      SIGNIN_WINDOW_MINUTES: 15,
      ADMIN_EMAILS: [],
      FLYWHEEL_DATA_DIR: ".data",
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it("normalises ADMIN_EMAILS and TRAINING_CONSENT_DEFAULT", () => {
    const env = parseEnv({ ADMIN_EMAILS: " A@x.test, ,b@Y.test ", TRAINING_CONSENT_DEFAULT: "off" });
    expect(env.ADMIN_EMAILS).toEqual(["a@x.test", "b@y.test"]);
    expect(env.TRAINING_CONSENT_DEFAULT).toBe(false);
  });

  it.each([
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL"],
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
    [{ TRAINING_CONSENT_DEFAULT: "maybe" }, "TRAINING_CONSENT_DEFAULT"],
    [{ AUTH_GITHUB_ID: "id-only" }, "AUTH_GITHUB_SECRET"],
    [{ AUTH_GOOGLE_SECRET: "secret-only" }, "AUTH_GOOGLE_ID"],
  ])("names the malformed setting %#", (source, name) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(new RegExp(`^Invalid configuration:\\n(.|\\n)*  ${name}: `));
  });
});

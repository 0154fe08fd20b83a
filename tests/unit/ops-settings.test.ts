import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env-schema";

describe("LOG_LEVEL and SHUTDOWN_GRACE_SECONDS", () => {
  it("default to info and 30 s", () => {
    expect(parseEnv({})).toMatchObject({ LOG_LEVEL: "info", SHUTDOWN_GRACE_SECONDS: 30 });
  });

  it("accept the documented values", () => {
    expect(parseEnv({ LOG_LEVEL: "debug", SHUTDOWN_GRACE_SECONDS: "0" })).toMatchObject({
      LOG_LEVEL: "debug",
      SHUTDOWN_GRACE_SECONDS: 0,
    });
  });

  it.each([
    ["LOG_LEVEL", "verbose"],
    ["SHUTDOWN_GRACE_SECONDS", "-1"],
    ["SHUTDOWN_GRACE_SECONDS", "soon"],
  ])("refuse %s=%s with a message naming it", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [name]: value })).toThrow(name);
  });
});

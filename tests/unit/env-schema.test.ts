import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configuredModels, EnvError, parseEnv } from "@/lib/env-schema";

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

describe("parseEnv: models", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "flywheel-models-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const modelsFile = (content: unknown) => {
    const file = path.join(dir, `${randomUUID()}.json`);
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  };

  it("applies the model and chat defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      OPENAI_MODELS: ["gpt-4.1-mini", "gpt-4.1"],
      OPENAI_COMPATIBLE_MODELS: [],
      OPENAI_COMPATIBLE_NAME: "OpenAI-compatible",
      OFFLINE_MODEL_WORD_DELAY_MS: 40,
      PROVIDER_TIMEOUT_MS: 60_000,
      CHAT_MAX_MESSAGE_CHARS: 32_000,
      CHAT_RATE_LIMIT_PER_MINUTE: 30,
      TITLE_GENERATION: true,
    });
    expect(env.ANTHROPIC_MODELS.length).toBeGreaterThan(0);
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(env.MODELS_FILE).toBeUndefined();
    expect(configuredModels(env)).toEqual([]);
  });

  it("splits model lists, forgiving blanks and repeats, and reads numbers and switches", () => {
    const env = parseEnv({
      OPENAI_COMPATIBLE_BASE_URL: "http://localhost:11434/v1",
      OPENAI_COMPATIBLE_MODELS: " llama3.2 , ,qwen3:8b,llama3.2,",
      OFFLINE_MODEL_WORD_DELAY_MS: "0",
      PROVIDER_TIMEOUT_MS: "5000",
      TITLE_GENERATION: "off",
    });
    expect(env.OPENAI_COMPATIBLE_MODELS).toEqual(["llama3.2", "qwen3:8b"]);
    expect(env).toMatchObject({
      OFFLINE_MODEL_WORD_DELAY_MS: 0,
      PROVIDER_TIMEOUT_MS: 5000,
      TITLE_GENERATION: false,
    });
  });

  it("offers the models of the providers that have credentials, env lists in order", () => {
    const env = parseEnv({
      OPENAI_API_KEY: "sk-test",
      OPENAI_MODELS: "gpt-4.1-mini",
      ANTHROPIC_MODELS: "claude-x",
      OPENAI_COMPATIBLE_BASE_URL: "http://vllm:8000/v1",
      OPENAI_COMPATIBLE_MODELS: "gpt-4.1-mini,mistral",
    });
    expect(configuredModels(env).map((m) => [m.id, m.provider])).toEqual([
      ["gpt-4.1-mini", "openai"],
      ["mistral", "openai-compatible"],
    ]);
  });

  it("lets MODELS_FILE replace and extend the env lists", () => {
    const file = modelsFile([
      {
        id: "gpt-4.1",
        name: "GPT-4.1",
        provider: "openai",
        contextWindow: 1000,
        inputPricePerMTok: 2,
        outputPricePerMTok: 8,
      },
      { id: "local", provider: "openai-compatible" },
      { id: "claude-x", provider: "anthropic" },
    ]);
    const env = parseEnv({ OPENAI_API_KEY: "sk-test", MODELS_FILE: file, DEFAULT_MODEL: "gpt-4.1" });
    expect(env.MODELS_FILE?.path).toBe(file);
    expect(configuredModels(env)).toEqual([
      { id: "gpt-4.1-mini", provider: "openai", inputPricePerMTok: null, outputPricePerMTok: null },
      {
        id: "gpt-4.1",
        name: "GPT-4.1",
        provider: "openai",
        contextWindow: 1000,
        inputPricePerMTok: 2,
        outputPricePerMTok: 8,
      },
    ]);
  });

  it.each([
    ["missing", null, /MODELS_FILE: .*cannot be read \(ENOENT\)/],
    ["not JSON", "[{", /MODELS_FILE: .*is not valid JSON/],
    ["not a list", { models: [] }, /MODELS_FILE: .*is not a valid models list.*\(top level\)/],
    ["bad provider", [{ id: "a", provider: "gemini" }], /MODELS_FILE: .*\[0\]\.provider/],
    ["misspelt key", [{ id: "a", provider: "openai", contextWindows: 5 }], /MODELS_FILE: .*contextWindows/],
    ["negative price", [{ id: "a", provider: "openai", inputPricePerMTok: -1 }], /\[0\]\.inputPricePerMTok/],
    [
      "duplicate id",
      [
        { id: "a", provider: "openai" },
        { id: "a", provider: "anthropic" },
      ],
      /\[1\]\.id: "a" is listed twice/,
    ],
  ])("rejects a MODELS_FILE that is %s, naming it", (_, content, message) => {
    const file = content === null ? path.join(dir, "absent.json") : modelsFile(content);
    expect(() => parseEnv({ MODELS_FILE: file })).toThrow(EnvError);
    expect(() => parseEnv({ MODELS_FILE: file })).toThrow(message);
  });

  it("accepts any DEFAULT_MODEL: it may name a model an admin added (the registry checks it)", () => {
    expect(parseEnv({ DEFAULT_MODEL: "offline-demo" }).DEFAULT_MODEL).toBe("offline-demo");
    expect(parseEnv({ DEFAULT_MODEL: "my-fine-tune" }).DEFAULT_MODEL).toBe("my-fine-tune");
  });

  it.each([
    [{ OPENAI_COMPATIBLE_BASE_URL: "http://localhost:8080/v1" }, "OPENAI_COMPATIBLE_MODELS"],
    [
      { OPENAI_COMPATIBLE_BASE_URL: "http://localhost:8080/v1", OPENAI_COMPATIBLE_MODELS: " , " },
      "OPENAI_COMPATIBLE_MODELS",
    ],
    [{ OPENAI_COMPATIBLE_BASE_URL: "localhost:8080" }, "OPENAI_COMPATIBLE_BASE_URL"],
    [{ OPENAI_BASE_URL: "ftp://example.com" }, "OPENAI_BASE_URL"],
    [{ OFFLINE_MODEL_WORD_DELAY_MS: "-1" }, "OFFLINE_MODEL_WORD_DELAY_MS"],
    [{ PROVIDER_TIMEOUT_MS: "soon" }, "PROVIDER_TIMEOUT_MS"],
    [{ CHAT_MAX_MESSAGE_CHARS: "10" }, "CHAT_MAX_MESSAGE_CHARS"],
    [{ CHAT_RATE_LIMIT_PER_MINUTE: "0" }, "CHAT_RATE_LIMIT_PER_MINUTE"],
    [{ TITLE_GENERATION: "sometimes" }, "TITLE_GENERATION"],
  ])("names the malformed model setting %#", (source, name) => {
    expect(() => parseEnv(source)).toThrow(new RegExp(`^Invalid configuration:\\n(.|\\n)*  ${name}: `));
  });
});

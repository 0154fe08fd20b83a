import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/errors/action-result";
import { USER_TEXT_MESSAGE } from "@/lib/validation/user-text";
import { addModelInput, createProviderInput, updateModelInput } from "@/lib/models/admin/schemas";

const ID = "00000000-0000-4000-8000-000000000001";
const provider = { type: "openai-compatible", name: "Local", baseUrl: "http://localhost:11434/v1/" };

function errors(
  schema: typeof createProviderInput | typeof updateModelInput | typeof addModelInput,
  input: unknown,
) {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

describe("provider input", () => {
  it("keeps the base URL as the API root, without its trailing slash", () => {
    expect(createProviderInput.parse(provider).baseUrl).toBe("http://localhost:11434/v1");
  });

  it.each([
    ["localhost:11434/v1", "http:// or https://"],
    ["not a url", "Enter a full URL"],
    ["file:///etc/passwd", "http:// or https://"],
    ["javascript:alert(1)", "http:// or https://"],
    ["https://k:secret@example.test/v1", "not in the URL"],
    ["https://example.test/v1?key=abc", "no query"],
  ])("refuses the base URL %j", (baseUrl, message) => {
    expect(errors(createProviderInput, { ...provider, baseUrl }).baseUrl).toContain(message);
  });

  it("parses extra headers, one per line", () => {
    const parsed = createProviderInput.parse({
      ...provider,
      headers: "X-Org: acme\r\n\n  X-Team :  blue  \n",
    });
    expect(parsed.headers).toEqual({ "X-Org": "acme", "X-Team": "blue" });
  });

  it.each([
    ["no-colon", "Name: value"],
    ["Bad Name: x", "Name: value"],
    ["Content-Length: 5", "sets Content-Length itself"],
    ["X-Org: caf\u00e9", "printable ASCII"],
    ["X-Org: a\u0000", USER_TEXT_MESSAGE],
  ])("refuses the header line %j", (headers, message) => {
    expect(errors(createProviderInput, { ...provider, headers }).headers).toContain(message);
  });

  it("refuses a key with spaces and an unknown type", () => {
    expect(errors(createProviderInput, { ...provider, apiKey: "sk abc" }).apiKey).toBeDefined();
    expect(errors(createProviderInput, { ...provider, type: "gemini" }).type).toBeDefined();
  });
});

describe("model input", () => {
  const model = {
    modelConfigId: ID,
    displayName: "M",
    contextWindow: "8192",
    maxOutputTokens: "",
    inputPricePerMTok: "0.5",
    cachedInputPricePerMTok: "",
    outputPricePerMTok: 2,
    allowedRoles: ["USER", "USER", "ADMIN"],
    temperature: "",
    topP: "0.9",
    maxTokens: null,
    enabled: true,
  };

  it("reads numbers from form text, empty as unset, and sorts the roles once each", () => {
    expect(updateModelInput.parse(model)).toMatchObject({
      contextWindow: 8192,
      maxOutputTokens: null,
      inputPricePerMTok: 0.5,
      cachedInputPricePerMTok: null,
      outputPricePerMTok: 2,
      allowedRoles: ["ADMIN", "USER"],
      temperature: null,
      topP: 0.9,
    });
  });

  it.each([
    ["inputPricePerMTok", "-0.01", "cannot be below 0"],
    ["outputPricePerMTok", "10000.01", "cannot be above 10,000"],
    ["cachedInputPricePerMTok", "Infinity", "must be a number"],
    ["contextWindow", "8192.5", "whole number"],
    ["contextWindow", "10000001", "cannot be above 10,000,000"],
    ["topP", "1.5", "cannot be above 1"],
    ["maxTokens", "0", "cannot be below 1"],
  ])("refuses %s = %j", (field, value, message) => {
    expect(errors(updateModelInput, { ...model, [field]: value })[field]).toContain(message);
  });

  it("accepts the most a price may be", () => {
    expect(errors(updateModelInput, { ...model, inputPricePerMTok: "10000" })).toEqual({});
  });

  it("model ids have no spaces or control characters", () => {
    expect(errors(addModelInput, { providerId: ID, modelId: "ft:gpt-4.1-mini:acme::abc123" })).toEqual({});
    expect(errors(addModelInput, { providerId: ID, modelId: "two words" }).modelId).toBeDefined();
    expect(errors(addModelInput, { providerId: ID, modelId: "tab\there" }).modelId).toBeDefined();
  });
});

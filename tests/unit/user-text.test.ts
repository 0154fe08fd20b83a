import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fieldErrorsOf } from "@/lib/errors/action-result";
import { USER_TEXT_MESSAGE, isStorableText } from "@/lib/validation/user-text";
import {
  chatRequestInput,
  renameConversationInput,
  searchConversationsInput,
  updateSystemPromptInput,
} from "@/lib/chat/schemas";
import { signUpInput, updateCustomInstructionsInput, updateProfileInput } from "@/lib/users/schemas";
import { submitFeedbackInput } from "@/lib/feedback/schemas";
import { reviewFeedbackInput, saveCorrectionInput } from "@/lib/admin/triage-schemas";
import { listComparisonsInput, listUsersInput } from "@/lib/admin/schemas";
import { listAuditLogInput } from "@/lib/audit/audit-log-input";
import { feedbackFiltersInput } from "@/lib/admin/feedback-filters";
import { createProviderInput, updateModelInput } from "@/lib/models/admin/schemas";

const ID = "00000000-0000-4000-8000-000000000001";

// Every user-written text field: a valid input, and the dotted path of the text inside it.
const cases: { name: string; schema: z.ZodType; input: Record<string, unknown>; field: string }[] = [
  {
    name: "chat message",
    schema: chatRequestInput,
    input: { trigger: "submit", conversationId: null, parentId: null, message: { id: ID, text: "Hello" } },
    field: "message.text",
  },
  {
    name: "rename",
    schema: renameConversationInput,
    input: { conversationId: ID, title: "A title" },
    field: "title",
  },
  {
    name: "system prompt",
    schema: updateSystemPromptInput,
    input: { conversationId: ID, systemPrompt: "Be brief." },
    field: "systemPrompt",
  },
  {
    name: "conversation search",
    schema: searchConversationsInput,
    input: { query: "hello" },
    field: "query",
  },
  {
    name: "custom instructions",
    schema: updateCustomInstructionsInput,
    input: { customInstructions: "Answer in French." },
    field: "customInstructions",
  },
  { name: "profile name", schema: updateProfileInput, input: { name: "Ada" }, field: "name" },
  {
    name: "sign-up name",
    schema: signUpInput,
    input: { name: "Ada", email: "ada@example.test", password: "long enough passphrase" },
    field: "name",
  },
  {
    name: "feedback comment",
    schema: submitFeedbackInput,
    input: { messageId: ID, rating: "down", reasons: [], comment: "Too long" },
    field: "comment",
  },
  {
    name: "review note",
    schema: reviewFeedbackInput,
    input: { feedbackId: ID, status: "reviewed", note: "Checked" },
    field: "note",
  },
  {
    name: "correction",
    schema: saveCorrectionInput,
    input: { feedbackId: ID, text: "The right answer", baseCorrectionId: null },
    field: "text",
  },
  { name: "admin user search", schema: listUsersInput, input: { q: "ada" }, field: "q" },
  { name: "admin comparison search", schema: listComparisonsInput, input: { q: "ada" }, field: "q" },
  { name: "admin comparison model", schema: listComparisonsInput, input: { model: "gpt" }, field: "model" },
  {
    name: "audit log admin",
    schema: listAuditLogInput,
    input: { admin: "ada@example.test" },
    field: "admin",
  },
  { name: "feedback search", schema: feedbackFiltersInput, input: { q: "wrong" }, field: "q" },
  { name: "feedback model filter", schema: feedbackFiltersInput, input: { model: "gpt" }, field: "model" },
  {
    name: "provider name",
    schema: createProviderInput,
    input: { type: "openai", name: "OpenAI", baseUrl: "https://api.openai.com/v1" },
    field: "name",
  },
  ...(["displayName", "description"] as const).map((field) => ({
    name: `model ${field}`,
    schema: updateModelInput,
    input: {
      modelConfigId: ID,
      displayName: "Model",
      description: "A model",
      contextWindow: 8192,
      maxOutputTokens: null,
      inputPricePerMTok: null,
      cachedInputPricePerMTok: null,
      outputPricePerMTok: null,
      allowedRoles: ["USER"],
      temperature: null,
      topP: null,
      maxTokens: null,
      enabled: true,
    },
    field,
  })),
];

function withText(input: Record<string, unknown>, field: string, text: string): Record<string, unknown> {
  const [head, ...rest] = field.split(".") as [string, ...string[]];
  if (rest.length === 0) return { ...input, [head]: text };
  return { ...input, [head]: withText(input[head] as Record<string, unknown>, rest.join("."), text) };
}

const bad: [string, (text: string) => string][] = [
  ["NUL", (text) => `${text}\u0000`],
  ["a lone high surrogate", (text) => `${text}\uD83D`],
  ["a lone low surrogate", (text) => `\uDE00${text}`],
  ["swapped surrogates", (text) => `${text}\uDE00\uD83D`],
];

describe("user-written text refuses NUL and lone surrogates with a field message", () => {
  it.each(cases)("$name accepts ordinary text, emoji included", ({ schema, input, field }) => {
    expect(schema.safeParse(input).success).toBe(true);
    const original = field.split(".").reduce<unknown>((value, key) => (value as never)[key], input) as string;
    expect(schema.safeParse(withText(input, field, `${original} 😀 é`)).success).toBe(true);
  });

  for (const [what, corrupt] of bad) {
    it.each(cases)(`$name refuses ${what}`, ({ schema, input, field }) => {
      const original = field
        .split(".")
        .reduce<unknown>((value, key) => (value as never)[key], input) as string;
      const parsed = schema.safeParse(withText(input, field, corrupt(original)));
      expect(parsed.success).toBe(false);
      expect(fieldErrorsOf(parsed.error!)[field]).toBe(USER_TEXT_MESSAGE);
    });
  }
});

describe("isStorableText", () => {
  it.each([
    ["", true],
    ["plain", true],
    ["emoji 😀 and CJK 漢字", true],
    ["tab\tand newline\n", true],
    ["nul\u0000", false],
    ["\uD800", false],
    ["\uDFFF", false],
    ["\uD83D\uDE00\uD83D", false],
  ])("%j → %s", (text, expected) => {
    expect(isStorableText(text)).toBe(expected);
  });
});

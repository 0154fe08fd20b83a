import { describe, expect, it } from "vitest";
import { createTurnRedactor, emptyRedactionCounts, redactItem, redactPii } from "@/lib/export/items/redact";
import type { RatingItem } from "@/lib/export/types";

describe("redactPii finds", () => {
  it.each([
    ["Mail me at jane.doe+work@example.co.uk.", "Mail me at [EMAIL]."],
    ["Contact J.Smith@mail.example.org or ops-team@acme.io", "Contact [EMAIL] or [EMAIL]"],
  ])("emails: %s", (input, output) => expect(redactPii(input)).toBe(output));

  it.each([
    ["Call +1 (415) 555-0132 tomorrow", "Call [PHONE] tomorrow"],
    ["London: +44 20 7946 0958", "London: [PHONE]"],
    ["WhatsApp +4915112345678", "WhatsApp [PHONE]"],
    ["Office (212) 555-0199, cell 212-555-0199 or 212.555.0199", "Office [PHONE], cell [PHONE] or [PHONE]"],
    ["UK 020 7946 0958, DE 030 1234567, FR 06 12 34 56 78", "UK [PHONE], DE [PHONE], FR [PHONE]"],
  ])("phone numbers: %s", (input, output) => expect(redactPii(input)).toBe(output));

  it.each([
    ["Server 203.0.113.42:8080 is down", "Server [IP]:8080 is down"],
    ["From 192.168.1.20.", "From [IP]."],
    ["IPv6 2001:db8:85a3::8a2e:370:7334 here", "IPv6 [IP] here"],
    ["link-local fe80::1ff:fe23:4567:890a%eth0", "link-local [IP]"],
    ["full 2001:0db8:0000:0000:0000:ff00:0042:8329", "full [IP]"],
  ])("IP addresses: %s", (input, output) => expect(redactPii(input)).toBe(output));

  it.each([
    ["Visa 4111 1111 1111 1111 exp 12/29", "Visa [CARD] exp 12/29"],
    ["Card 4242-4242-4242-4242", "Card [CARD]"],
    ["Amex 378282246310005", "Amex [CARD]"],
    ["Amex grouped 3782 822463 10005", "Amex grouped [CARD]"],
    ["Mastercard 5555555555554444.", "Mastercard [CARD]."],
  ])("card numbers (Luhn-checked): %s", (input, output) => expect(redactPii(input)).toBe(output));

  it.each([
    ["key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z ok", "key [API_KEY] ok"],
    ["sk-ant-api03-abcDEF123ghiJKL456mnoPQR789stuVWX", "[API_KEY]"],
    ["token ghp_1234567890abcdefghijABCDEFGHIJ123456", "token [API_KEY]"],
    ["AWS AKIAIOSFODNN7EXAMPLE", "AWS [API_KEY]"],
    ["slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "slack [API_KEY]"],
    ["stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe [API_KEY]"],
    ["google AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "google [API_KEY]"],
    ["hf hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "hf [API_KEY]"],
    [
      "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
      "jwt [API_KEY]",
    ],
    ["unknown vendor: 9fQ2xL7pK3mZ8vR1tY6wB4nC0hJ5sD2gA7kE.", "unknown vendor: [API_KEY]."],
  ])("API-key-like strings: %s", (input, output) => expect(redactPii(input)).toBe(output));

  it.each([
    ["postgres://admin:hunter22@db.internal:5432/app", "postgres://admin:[SECRET]@db.internal:5432/app"],
    ["Authorization: Bearer abcDEF123456ghiJKL789", "Authorization: Bearer [SECRET]"],
    ["export OPENAI_API_KEY=abc123def456", "export OPENAI_API_KEY=[SECRET]"],
    ['{"password": "hunter22"}', '{"password": "[SECRET]"}'],
    ["aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [SECRET]"],
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", "[SECRET]"],
  ])("credentials by their context: %s", (input, output) => expect(redactPii(input)).toBe(output));
});

describe("redactPii leaves alone", () => {
  it.each([
    "Dates 2024-01-15, 01.02.2024, 15/01/2024 10:30 and 2024-01-15T10:30:00Z",
    "Times 12:30:45 and ranges 1999-2005, 100-200, a score of 3-2-1",
    "Versions v1.2.3.4, node v20.20.0, python 3.12.1, Windows 10.0.19041.1, semver 1.2.3",
    "Prices $1,234.56, €19.99, 1,000,000 people, pi is 3.14159, 0.5 0.25 0.125",
    "A millisecond timestamp 1712345678901 and an order total of 1234567890123456 units",
    "Not a card: 4111 1111 1111 1112 (Luhn fails)",
    "UUID 123e4567-e89b-12d3-a456-426614174000 and sha e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "URLs https://nodejs.org/en/docs/guides/getting-started and https://example.com/path?q=search&page=2#top",
    "git@github.com:acme/repo.git, npm i react@18.2.0 lodash@4.17.21 @types/node",
    "Identifiers getUserAccountSettingsFromDatabase2024V2 AbstractSingletonProxyFactoryBean useQueryClientProviderWithDefaults2V3",
    "Prose: risk-management, desk-top, sk-learn is a library, sk-this-is-not-a-key-really-no",
    "Code: const token = tokens[0]; const password = process.env.DB_PASSWORD; tokenizer: gpt2; max_tokens: 1024",
    "Loopback 127.0.0.1, bind 0.0.0.0, netmask 255.255.255.0, ::1, C++ std::vector, MAC 00:1A:2B:3C:4D:5E",
    "Order #100 200 3000, ISBN 978-3-16-148410-0, COVID-19",
  ])("%s", (text) => expect(redactPii(text)).toBe(text));
});

describe("redactPii counts and composes", () => {
  it("counts each placeholder by type", () => {
    const counts = emptyRedactionCounts();
    redactPii(
      "a@b.io, c@d.io, +1 415 555 0132, 10.0.0.1, 4242424242424242, AKIAIOSFODNN7EXAMPLE, password=abc12345",
      counts,
    );
    expect(counts).toEqual({ EMAIL: 2, PHONE: 1, IP: 1, CARD: 1, API_KEY: 1, SECRET: 1 });
  });

  it("is idempotent: redacting twice changes nothing more", () => {
    const once = redactPii(
      "Mail jane@example.com from 203.0.113.9, call +1 415 555 0132, key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t",
    );
    expect(redactPii(once)).toBe(once);
  });

  it("redacts every free-text field of an item and nothing else", () => {
    const item: RatingItem = {
      kind: "rating",
      conversationId: "c1",
      messageId: "a1",
      feedbackId: "f1",
      userKey: "0123456789abcdef0123456789abcdef",
      rating: "down",
      reasons: ["other"],
      comment: "Reach me at jane@example.com",
      review: { status: "reviewed", note: "user pasted 4111 1111 1111 1111", reviewedAt: null },
      ratedAt: "2026-01-01T00:00:00.000Z",
      ratingUpdatedAt: "2026-01-01T00:00:00.000Z",
      history: [
        { role: "system", content: "Support bot for acme.io" },
        { role: "user", content: "My IP is 203.0.113.7", messageId: "u1" },
      ],
      answer: "Noted, 203.0.113.7.",
      answerMeta: {
        modelId: "m",
        provider: "p",
        params: null,
        inputTokens: null,
        outputTokens: null,
        timeToFirstTokenMs: null,
        durationMs: null,
        finishReason: null,
        status: "complete",
        createdAt: "2026-01-01T00:00:00.000Z",
      },
      correction: { id: "k1", text: "Call +44 20 7946 0958", createdAt: "2026-01-01T00:00:00.000Z" },
      trainedInLaterLine: false,
    };
    const redacted = redactItem(item);
    expect(redacted).toEqual({
      ...item,
      comment: "Reach me at [EMAIL]",
      review: { ...item.review, note: "user pasted [CARD]" },
      history: [item.history[0], { ...item.history[1], content: "My IP is [IP]" }],
      answer: "Noted, [IP].",
      correction: { ...item.correction, text: "Call [PHONE]" },
    });
    expect(item.comment).toBe("Reach me at jane@example.com");
  });

  it("redacts a shared (frozen) turn once, keeps it shared and frozen, and counts it once per line", () => {
    const shared = Object.freeze({
      role: "user" as const,
      content: "Mail jane@example.com",
      messageId: "u1",
    });
    const loose = { role: "user" as const, content: "and bob@example.org", messageId: "u2" };
    const counts = emptyRedactionCounts();
    const redactTurn = createTurnRedactor(counts);
    const first = redactTurn(shared);
    const second = redactTurn(shared);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual({ role: "user", content: "Mail [EMAIL]", messageId: "u1" });
    expect(shared.content).toBe("Mail jane@example.com");
    // An unshared turn is redacted every time, as redactItem does on its own.
    expect(redactTurn(loose)).toEqual({ ...loose, content: "and [EMAIL]" });
    expect(redactTurn(loose)).not.toBe(redactTurn(loose));
    expect(counts.EMAIL).toBe(5);
  });
});

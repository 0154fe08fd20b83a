// The purposes a provider's secrets are sealed with (lib/crypto/secret-box.ts): Admin → Models seals
// with them, the registry opens with them. A value sealed for one cannot be opened as the other.

/** The API key, as typed. */
export const API_KEY_PURPOSE = "provider.apiKey";
/** The extra headers, as JSON: { "Header-Name": "value" }. */
export const HEADERS_PURPOSE = "provider.headers";

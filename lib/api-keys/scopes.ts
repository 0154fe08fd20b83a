// Shared by the form (client) and the server: what a key may be used for.
export const API_SCOPES = ["chat", "feedback"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

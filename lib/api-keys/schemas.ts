import { z } from "zod";
import { API_SCOPES } from "./scopes";

/** "Create API key": a name, an optional expiry (a future instant), one or both scopes. */
export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(80, "Names are limited to 80 characters."),
  expiresAt: z
    .union([z.literal("").transform(() => null), z.iso.datetime({ offset: true }), z.iso.date(), z.null()])
    .optional()
    .transform((value) => (value ? new Date(value) : null))
    .refine((date) => date === null || date.getTime() > Date.now(), "The expiry must be in the future."),
  scopes: z
    .array(z.enum(API_SCOPES, { error: "Scopes are 'chat' and 'feedback'." }))
    .min(1, "Choose at least one scope.")
    .transform((scopes) => [...new Set(scopes)]),
});

export const revokeApiKeyInput = z.object({ keyId: z.uuid("Unknown key.") });

/** Admin → Users: whose keys to list. */
export const listUserApiKeysInput = z.object({ userId: z.uuid("Unknown user.") });

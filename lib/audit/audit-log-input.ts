// The audit page's filters and page position, from the URL (filters are links: shareable, and the back
// button works), so every field arrives as a string.
import { z } from "zod";
import { pageInput } from "../pagination/list-cursor";
import { userText } from "../validation/user-text";
import { AUDIT_ACTIONS } from "./audit-actions";

export const AUDIT_FILTER_KEYS = ["action", "admin"] as const;

export const listAuditLogInput = z.object({
  action: z.enum(AUDIT_ACTIONS, "Unknown action.").optional(),
  /** The acting admin's email (stored lower-cased); an unknown one simply matches nothing. */
  admin: userText()
    .trim()
    .max(320, "Emails are at most 320 characters.")
    .toLowerCase()
    .optional()
    .transform((value) => value || undefined),
  ...pageInput,
});

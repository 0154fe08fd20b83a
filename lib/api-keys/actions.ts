"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { createApiKey, listUserApiKeys, revokeApiKey, type ApiKeySummary } from "./api-keys";
import type { createApiKeyInput, listUserApiKeysInput, revokeApiKeyInput } from "./schemas";

/** Returns the key whole: the only time it leaves the server. */
export async function createApiKeyAction(
  input: z.input<typeof createApiKeyInput>,
): Promise<ActionResult<{ key: string; apiKey: ApiKeySummary }>> {
  const result = await runAction((actor) => createApiKey(actor, input));
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function revokeApiKeyAction(
  input: z.input<typeof revokeApiKeyInput>,
): Promise<ActionResult<ApiKeySummary>> {
  const result = await runAction((actor) => revokeApiKey(actor, input));
  if (result.ok) {
    revalidatePath("/settings");
    // Admins revoke from Admin → Users (its key counts) and every revocation is in the audit log.
    revalidatePath("/admin", "layout");
  }
  return result;
}

/**
 * Admin → Users: one user's keys, read when the admin opens that user's "API keys" row, so the users
 * list itself stays one bounded query per page however many keys people make.
 */
export async function listUserApiKeysAction(
  input: z.input<typeof listUserApiKeysInput>,
): Promise<ActionResult<ApiKeySummary[]>> {
  return runAction((actor) => listUserApiKeys(actor, input?.userId));
}

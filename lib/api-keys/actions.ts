"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { createApiKey, revokeApiKey, type ApiKeySummary } from "./api-keys";
import type { createApiKeyInput, revokeApiKeyInput } from "./schemas";

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
  if (result.ok) revalidatePath("/settings");
  return result;
}

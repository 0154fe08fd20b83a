import "server-only";
import { db } from "../db/client";
import { open, seal } from "../crypto/secret-box";
import { openApiKey } from "../models/admin/provider-secrets";
import type { FineTuneProviderKind, ProviderType } from "../db/generated/enums";
import type { FineTuneCredentials } from "./adapters/types";
import { FineTuneProviderError } from "./adapters/types";

// A fine-tuning account's key is sealed like a provider's, under its own purpose: a value sealed for
// one cannot be opened as the other.
export const ACCOUNT_KEY_PURPOSE = "finetuneAccount.apiKey";

export function sealAccountKey(key: string): string {
  return seal(key, ACCOUNT_KEY_PURPOSE);
}

function openAccountKey(sealed: string | null): string | null {
  return sealed ? open(sealed, ACCOUNT_KEY_PURPOSE) : null;
}

/** Admin → Models providers that can fine-tune (Anthropic cannot), and the adapter that speaks to them. */
export function kindOfProviderType(type: ProviderType): FineTuneProviderKind | null {
  if (type === "openai") return "openai";
  if (type === "openai_compatible") return "openai_compatible";
  return null;
}

/**
 * The credentials a job runs with, opened just before use. The account or provider may have been
 * deleted since the job started: that is the provider refusing, in plain words.
 */
export async function jobCredentials(job: {
  accountId: string | null;
  providerId: string | null;
}): Promise<FineTuneCredentials> {
  if (job.accountId) {
    const account = await db().fineTuneAccount.findUnique({ where: { id: job.accountId } });
    if (account) {
      return {
        kind: account.kind,
        baseUrl: account.baseUrl,
        apiKey: openAccountKey(account.apiKeySealed),
        accountId: account.accountId,
      };
    }
  } else if (job.providerId) {
    const provider = await db().provider.findUnique({ where: { id: job.providerId } });
    const kind = provider ? kindOfProviderType(provider.type) : null;
    if (provider && kind)
      return { kind, baseUrl: provider.baseUrl, apiKey: openApiKey(provider.apiKeySealed) };
  }
  throw new FineTuneProviderError(
    "unauthorized",
    "The account this job ran with was deleted. Add the credentials again, then resume polling.",
  );
}

import { db } from "@/lib/db/client";
import { seal } from "@/lib/crypto/secret-box";
import { bumpRegistryVersion } from "@/lib/models/registry-version";
import { API_KEY_PURPOSE, HEADERS_PURPOSE } from "@/lib/models/provider-secrets";

// Admin-added providers and models written as the Admin → Models actions write them: secrets sealed,
// the registry version bumped in the same transaction.

export type ModelRow = {
  modelId: string;
  upstreamId?: string;
  displayName?: string;
  allowedRoles?: ("USER" | "ADMIN")[];
  defaultParams?: object;
  maxOutputTokens?: number | null;
  enabled?: boolean;
};

export async function addProvider(input: {
  type?: "openai" | "openai_compatible" | "anthropic";
  name?: string;
  baseUrl: string;
  apiKey?: string;
  headers?: Record<string, string>;
  enabled?: boolean;
  models: ModelRow[];
}): Promise<string> {
  return db().$transaction(async (tx) => {
    const provider = await tx.provider.create({
      data: {
        type: input.type ?? "openai_compatible",
        name: input.name ?? "Admin provider",
        baseUrl: input.baseUrl,
        apiKeySealed: input.apiKey ? seal(input.apiKey, API_KEY_PURPOSE) : null,
        apiKeyLast4: input.apiKey?.slice(-4) ?? "",
        headersSealed: input.headers ? seal(JSON.stringify(input.headers), HEADERS_PURPOSE) : null,
        headerNames: Object.keys(input.headers ?? {}),
        enabled: input.enabled ?? true,
        models: {
          create: input.models.map((model) => ({
            modelId: model.modelId,
            upstreamId: model.upstreamId ?? model.modelId,
            displayName: model.displayName ?? model.modelId,
            contextWindow: 8192,
            maxOutputTokens: model.maxOutputTokens ?? null,
            allowedRoles: model.allowedRoles ?? ["USER", "ADMIN"],
            defaultParams: model.defaultParams ?? {},
            enabled: model.enabled ?? true,
          })),
        },
      },
    });
    await bumpRegistryVersion(tx);
    return provider.id;
  });
}

/** Runs a change to the registry's tables with its version bump, as the admin actions do. */
export async function changeRegistry(
  change: (tx: Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0]) => Promise<unknown>,
): Promise<void> {
  await db().$transaction(async (tx) => {
    await change(tx);
    await bumpRegistryVersion(tx);
  });
}

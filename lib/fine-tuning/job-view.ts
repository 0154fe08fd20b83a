import "server-only";
import { db } from "../db/client";
import { notFound } from "../errors/app-error";
import { requireAdmin, type Actor } from "../auth/actor";
import { maskKey } from "../models/admin/provider-secrets";
import { fromDbKind } from "./accounts";
import { kindOfProviderType } from "./credentials";
import { METHOD_OF_FORMAT } from "./methods";
import { DEFAULT_FINETUNE_URLS, type AccountKindName } from "./schemas";

// What Admin → Fine-tuning pages read. No sealed value or opened key: "••••" + the last 4 only.

export type AdminAccount = {
  id: string;
  kind: AccountKindName;
  name: string;
  baseUrl: string;
  apiKeyMask: string;
  fireworksAccountId: string;
  servingProviderId: string | null;
};

export type CredentialChoice = { value: string; label: string; kind: string };

export type JobRow = {
  id: string;
  status: string;
  providerStatus: string | null;
  baseModel: string;
  method: string;
  datasetName: string | null;
  createdAt: Date;
  fineTunedModel: string | null;
};

export type FineTuningOverview = {
  accounts: AdminAccount[];
  /** Every account and every provider that can fine-tune, for the new job's select. */
  credentials: CredentialChoice[];
  /** Providers of Admin → Models, for "serving provider". */
  providers: { id: string; name: string }[];
  /** Saved datasets a service trains on (not flagged), with the method each is for. */
  datasets: {
    id: string;
    name: string;
    format: string;
    method: "sft" | "dpo";
    trainRows: number;
    sha256: string;
  }[];
  /** Base models already registered, as suggestions for the free-text field. */
  baseModelSuggestions: string[];
  defaultUrls: Record<AccountKindName, string>;
  jobs: JobRow[];
};

export async function getFineTuningOverview(actor: Actor): Promise<FineTuningOverview> {
  await requireAdmin(actor);
  const [accounts, providers, datasets, models, jobs] = await Promise.all([
    db().fineTuneAccount.findMany({ orderBy: { createdAt: "asc" } }),
    db().provider.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true, type: true } }),
    db().dataset.findMany({
      where: { flaggedAt: null },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { id: true, name: true, format: true, trainRows: true, sha256: true },
    }),
    db().modelConfig.findMany({ select: { upstreamId: true }, orderBy: { upstreamId: "asc" }, take: 500 }),
    db().fineTuneJob.findMany({
      orderBy: { createdAt: "desc" },
      take: 100,
      include: { dataset: { select: { name: true } } },
    }),
  ]);
  return {
    accounts: accounts.map((a) => ({
      id: a.id,
      kind: fromDbKind(a.kind),
      name: a.name,
      baseUrl: a.baseUrl,
      apiKeyMask: maskKey(a.apiKeyLast4),
      fireworksAccountId: a.accountId ?? "",
      servingProviderId: a.servingProviderId,
    })),
    credentials: [
      ...accounts.map((a) => ({ value: `account:${a.id}`, label: a.name, kind: fromDbKind(a.kind) })),
      ...providers
        .filter((p) => kindOfProviderType(p.type))
        .map((p) => ({ value: `provider:${p.id}`, label: `${p.name} (Admin → Models)`, kind: p.type })),
    ],
    providers: providers.map((p) => ({ id: p.id, name: p.name })),
    datasets: datasets.flatMap((d) => {
      const method = METHOD_OF_FORMAT[d.format];
      return method ? [{ ...d, method }] : [];
    }),
    baseModelSuggestions: [...new Set(models.map((m) => m.upstreamId))].sort(),
    defaultUrls: DEFAULT_FINETUNE_URLS,
    jobs: jobs.map((j) => ({
      id: j.id,
      status: j.status,
      providerStatus: j.providerStatus,
      baseModel: j.baseModel,
      method: j.method,
      datasetName: j.dataset?.name ?? null,
      createdAt: j.createdAt,
      fineTunedModel: j.fineTunedModel,
    })),
  };
}

export type JobDetail = {
  id: string;
  status: string;
  providerStatus: string | null;
  providerJobId: string | null;
  kind: string;
  baseModel: string;
  method: string;
  hyperparameters: Record<string, unknown>;
  suffix: string | null;
  seed: number | null;
  dataset: { id: string; name: string } | null;
  datasetSha256: string;
  credentials: { label: string; href: string | null };
  error: string | null;
  fineTunedModel: string | null;
  registered: { modelId: string; modelConfigId: string | null } | null;
  /** Succeeded but not registered: no serving provider is known, the admin picks one. */
  needsProvider: boolean;
  providers: { id: string; name: string }[];
  pollFailures: number;
  nextPollAt: Date;
  createdAt: Date;
  finishedAt: Date | null;
  events: {
    id: string;
    createdAt: Date;
    level: string;
    message: string;
    step: number | null;
    trainLoss: number | null;
    validLoss: number | null;
  }[];
};

export async function getFineTuneJob(actor: Actor, jobId: string): Promise<JobDetail> {
  await requireAdmin(actor);
  if (!/^[0-9a-f-]{36}$/i.test(jobId)) throw notFound("Job not found.");
  const job = await db().fineTuneJob.findUnique({
    where: { id: jobId },
    include: {
      dataset: { select: { id: true, name: true } },
      account: { select: { id: true, name: true } },
      events: { orderBy: { createdAt: "asc" }, take: 5000 },
    },
  });
  if (!job) throw notFound("Job not found.");
  const [provider, registered, providers] = await Promise.all([
    job.providerId
      ? db().provider.findUnique({ where: { id: job.providerId }, select: { id: true, name: true } })
      : null,
    job.registeredModelId
      ? db().modelConfig.findUnique({ where: { modelId: job.registeredModelId }, select: { id: true } })
      : null,
    db().provider.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true } }),
  ]);
  const credentials = job.account
    ? { label: job.account.name, href: null }
    : provider
      ? { label: `${provider.name} (Admin → Models)`, href: `/admin/models/providers/${provider.id}` }
      : { label: "deleted", href: null };
  return {
    id: job.id,
    status: job.status,
    providerStatus: job.providerStatus,
    providerJobId: job.providerJobId,
    kind: job.kind,
    baseModel: job.baseModel,
    method: job.method,
    hyperparameters: (job.hyperparameters ?? {}) as Record<string, unknown>,
    suffix: job.suffix,
    seed: job.seed,
    dataset: job.dataset,
    datasetSha256: job.datasetSha256,
    credentials,
    error: job.error,
    fineTunedModel: job.fineTunedModel,
    registered: job.registeredModelId
      ? { modelId: job.registeredModelId, modelConfigId: registered?.id ?? null }
      : null,
    needsProvider: job.status === "succeeded" && Boolean(job.fineTunedModel) && !job.registeredModelId,
    providers,
    pollFailures: job.pollFailures,
    nextPollAt: job.nextPollAt,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    events: job.events.map((e) => ({
      id: e.id,
      createdAt: e.createdAt,
      level: e.level,
      message: e.message,
      step: e.step,
      trainLoss: e.trainLoss,
      validLoss: e.validLoss,
    })),
  };
}

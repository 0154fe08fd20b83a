"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { createFineTuneAccount, deleteFineTuneAccount, updateFineTuneAccount } from "./accounts";
import { startFineTuneJob } from "./start-job";
import { cancelFineTuneJob, resumeFineTuneJob } from "./job-control";
import { registerJobModel } from "./register-model";
import { setModelLineage } from "./lineage";
import type {
  accountIdInput,
  createAccountInput,
  jobIdInput,
  registerJobModelInput,
  setModelLineageInput,
  startJobInput,
  updateAccountInput,
} from "./schemas";

// Fine-tuning changes show on Admin → Fine-tuning, the models pages and the audit log: refresh them.
function refresh<T>(result: ActionResult<T>): ActionResult<T> {
  if (result.ok) revalidatePath("/admin", "layout");
  return result;
}

export async function createAccountAction(
  input: z.input<typeof createAccountInput>,
): Promise<ActionResult<{ accountId: string }>> {
  return refresh(await runAction((actor) => createFineTuneAccount(actor, input)));
}

export async function updateAccountAction(
  input: z.input<typeof updateAccountInput>,
): Promise<ActionResult<{ accountId: string }>> {
  return refresh(await runAction((actor) => updateFineTuneAccount(actor, input)));
}

export async function deleteAccountAction(
  input: z.input<typeof accountIdInput>,
): Promise<ActionResult<{ deleted: true }>> {
  return refresh(await runAction((actor) => deleteFineTuneAccount(actor, input)));
}

export async function startJobAction(
  input: z.input<typeof startJobInput>,
): Promise<ActionResult<{ jobId: string; existing: boolean }>> {
  return refresh(await runAction((actor) => startFineTuneJob(actor, input)));
}

export async function cancelJobAction(
  input: z.input<typeof jobIdInput>,
): Promise<ActionResult<{ status: string }>> {
  return refresh(await runAction((actor) => cancelFineTuneJob(actor, input)));
}

export async function resumeJobAction(
  input: z.input<typeof jobIdInput>,
): Promise<ActionResult<{ status: string }>> {
  return refresh(await runAction((actor) => resumeFineTuneJob(actor, input)));
}

export async function registerJobModelAction(
  input: z.input<typeof registerJobModelInput>,
): Promise<ActionResult<{ modelId: string }>> {
  return refresh(await runAction((actor) => registerJobModel(actor, input)));
}

export async function setModelLineageAction(
  input: z.input<typeof setModelLineageInput>,
): Promise<ActionResult<{ modelConfigId: string }>> {
  return refresh(await runAction((actor) => setModelLineage(actor, input)));
}

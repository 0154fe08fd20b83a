"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import {
  createProvider,
  deleteProvider,
  setProviderEnabled,
  testProviderConnection,
  updateProvider,
} from "./providers";
import {
  addModel,
  deleteModel,
  refreshProviderModels,
  setModelEnabled,
  updateModel,
  type RefreshResult,
} from "./models";
import { setDefaultModel } from "./default-model";
import type { UpstreamModel } from "./provider-client";
import type {
  addModelInput,
  createProviderInput,
  modelConfigIdInput,
  providerIdInput,
  setDefaultModelInput,
  setModelEnabledInput,
  setProviderEnabledInput,
  testConnectionInput,
  updateModelInput,
  updateProviderInput,
} from "./schemas";

// A registry change shows on every Admin → Models page (and the audit log): refresh them.
function refresh<T>(result: ActionResult<T>): ActionResult<T> {
  if (result.ok) revalidatePath("/admin", "layout");
  return result;
}

export async function testConnectionAction(
  input: z.input<typeof testConnectionInput>,
): Promise<ActionResult<{ models: UpstreamModel[] }>> {
  return runAction((actor) => testProviderConnection(actor, input));
}

export async function createProviderAction(
  input: z.input<typeof createProviderInput>,
): Promise<ActionResult<{ providerId: string }>> {
  return refresh(await runAction((actor) => createProvider(actor, input)));
}

export async function updateProviderAction(
  input: z.input<typeof updateProviderInput>,
): Promise<ActionResult<{ providerId: string }>> {
  return refresh(await runAction((actor) => updateProvider(actor, input)));
}

export async function setProviderEnabledAction(
  input: z.input<typeof setProviderEnabledInput>,
): Promise<ActionResult<{ enabled: boolean }>> {
  return refresh(await runAction((actor) => setProviderEnabled(actor, input)));
}

export async function deleteProviderAction(
  input: z.input<typeof providerIdInput>,
): Promise<ActionResult<{ deleted: true }>> {
  return refresh(await runAction((actor) => deleteProvider(actor, input)));
}

export async function refreshModelsAction(
  input: z.input<typeof providerIdInput>,
): Promise<ActionResult<RefreshResult>> {
  return refresh(await runAction((actor) => refreshProviderModels(actor, input)));
}

export async function addModelAction(
  input: z.input<typeof addModelInput>,
): Promise<ActionResult<{ modelConfigId: string }>> {
  return refresh(await runAction((actor) => addModel(actor, input)));
}

export async function updateModelAction(
  input: z.input<typeof updateModelInput>,
): Promise<ActionResult<{ modelConfigId: string }>> {
  return refresh(await runAction((actor) => updateModel(actor, input)));
}

export async function setModelEnabledAction(
  input: z.input<typeof setModelEnabledInput>,
): Promise<ActionResult<{ enabled: boolean }>> {
  return refresh(await runAction((actor) => setModelEnabled(actor, input)));
}

export async function deleteModelAction(
  input: z.input<typeof modelConfigIdInput>,
): Promise<ActionResult<{ deleted: true }>> {
  return refresh(await runAction((actor) => deleteModel(actor, input)));
}

export async function setDefaultModelAction(
  input: z.input<typeof setDefaultModelInput>,
): Promise<ActionResult<{ modelId: string | null }>> {
  return refresh(await runAction((actor) => setDefaultModel(actor, input)));
}

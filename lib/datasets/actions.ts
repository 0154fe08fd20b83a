"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { deleteDataset } from "./datasets";
import { saveDataset, type SavedDataset } from "./save-dataset";
import type { datasetIdInput, saveDatasetInput } from "./schemas";

export async function saveDatasetAction(
  input: z.input<typeof saveDatasetInput>,
): Promise<ActionResult<SavedDataset>> {
  const result = await runAction((actor) => saveDataset(actor, input));
  if (result.ok) revalidatePath("/admin/datasets");
  return result;
}

export async function deleteDatasetAction(
  input: z.input<typeof datasetIdInput>,
): Promise<ActionResult<{ deleted: true }>> {
  const result = await runAction((actor) => deleteDataset(actor, input));
  if (result.ok) revalidatePath("/admin/datasets");
  return result;
}

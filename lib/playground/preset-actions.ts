"use server";

import type { z } from "zod";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import {
  deletePreset,
  listPresets,
  renamePreset,
  savePreset,
  setPresetShared,
  type PresetList,
  type PresetView,
} from "./presets";
import type { deletePresetInput, renamePresetInput, savePresetInput, sharePresetInput } from "./schemas";

// The presets menu's calls. It reads its list through an action too (not from the page), so that it
// drops into any page with its props alone; nothing else shows presets, so nothing is revalidated.

export async function listPresetsAction(): Promise<ActionResult<PresetList>> {
  return runAction((actor) => listPresets(actor));
}

export async function savePresetAction(
  input: z.input<typeof savePresetInput>,
): Promise<ActionResult<PresetView>> {
  return runAction((actor) => savePreset(actor, input));
}

export async function renamePresetAction(
  input: z.input<typeof renamePresetInput>,
): Promise<ActionResult<PresetView>> {
  return runAction((actor) => renamePreset(actor, input));
}

export async function deletePresetAction(
  input: z.input<typeof deletePresetInput>,
): Promise<ActionResult<{ id: string }>> {
  return runAction((actor) => deletePreset(actor, input));
}

export async function sharePresetAction(
  input: z.input<typeof sharePresetInput>,
): Promise<ActionResult<PresetView>> {
  return runAction((actor) => setPresetShared(actor, input));
}

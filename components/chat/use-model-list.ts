"use client";

import { useCallback, useState } from "react";
import type { ModelInfo } from "@/lib/ai/model-info";

type ModelList = { models: ModelInfo[]; defaultModelId: string };

// Checked by shape only: the server validates the list before sending it, and zod stays out of the
// chat's bundle.
function isModelList(value: unknown): value is ModelList {
  if (!value || typeof value !== "object") return false;
  const { models, defaultModelId } = value as Partial<ModelList>;
  return (
    typeof defaultModelId === "string" &&
    Array.isArray(models) &&
    models.length > 0 &&
    models.every((m) => typeof m?.id === "string" && typeof m.name === "string")
  );
}

/**
 * The models the picker offers: the page's list, read again from GET /api/models when the server
 * refused a turn (its model may have been disabled or deleted since the page was rendered).
 * Resolves with the new list, or null when it could not be read.
 */
export function useModelList(initial: ModelList) {
  const [list, setList] = useState(initial);
  const refresh = useCallback(async (): Promise<ModelList | null> => {
    try {
      const response = await fetch("/api/models", { cache: "no-store" });
      if (!response.ok) return null;
      const body: unknown = await response.json();
      if (!isModelList(body)) return null;
      setList(body);
      return body;
    } catch {
      return null;
    }
  }, []);
  return { ...list, refresh };
}

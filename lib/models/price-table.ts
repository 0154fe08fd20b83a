// The shipped price table (price-table.json): list prices of common OpenAI and Anthropic models, with
// the date and source they were taken from. Used to fill in a model's prices and limits when an admin
// adds or discovers it, and for the models from the settings; an admin's own figures always win.
// No "server-only": the admin form shows the table's date and source.
import table from "./price-table.json";

export type TablePrice = {
  provider: "openai" | "anthropic";
  /** USD per 1M tokens. */
  input: number;
  cachedInput: number;
  output: number;
  contextWindow: number;
  maxOutputTokens: number;
};

const models: Record<string, TablePrice> = table.models as Record<string, TablePrice>;

export const PRICE_TABLE_DATE: string = table.date;
export const PRICE_TABLE_SOURCE: string = table.source;

/**
 * The table's entry for a model id. Dated snapshots ("gpt-4o-2024-08-06", "claude-sonnet-4-5-20250929")
 * and Anthropic's "-latest" aliases take their family's entry.
 */
export function tablePrice(modelId: string): TablePrice | undefined {
  const id = modelId.trim().toLowerCase();
  const family = id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/, "");
  return models[id] ?? models[family];
}

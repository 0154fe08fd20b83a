import { describe, expect, it } from "vitest";
import { adapterFor } from "@/lib/fine-tuning/adapters";
import {
  FineTuneProviderError,
  type FineTuneHyperparameters,
  type FineTuneKind,
} from "@/lib/fine-tuning/adapters/types";

// What an adapter says it accepts (`settings`, for the job form) is what its `check` lets through.
const train = { name: "t.jsonl", path: "/nonexistent", bytes: 1000, rows: 100 };
const KINDS: FineTuneKind[] = ["openai", "openai_compatible", "together", "fireworks"];
const ALL: (keyof FineTuneHyperparameters)[] = [
  "epochs",
  "learningRateMultiplier",
  "learningRate",
  "batchSize",
  "loraRank",
  "beta",
];

describe.each(KINDS)("%s settings", (kind) => {
  const adapter = adapterFor(kind);

  it("accepts each listed hyperparameter at its bounds and refuses it just outside, naming it", () => {
    for (const [name, rule] of Object.entries(adapter.settings.hyperparameters)) {
      const method = rule.method ?? adapter.limits.methods[0]!;
      const input = (value: number) => ({ baseModel: "m", method, hyperparameters: { [name]: value } });
      expect(() => adapter.check({ train }, input(rule.max))).not.toThrow();
      const low = rule.exclusiveMin ? rule.min : rule.min - 1;
      for (const bad of [low, rule.max + 1]) {
        const error = (() => {
          try {
            adapter.check({ train }, input(bad));
          } catch (caught) {
            return caught;
          }
        })();
        expect(error).toBeInstanceOf(FineTuneProviderError);
        expect((error as FineTuneProviderError).field).toBe(name);
      }
    }
  });

  it("refuses every hyperparameter it does not list", () => {
    const unlisted = ALL.filter((name) => !(name in adapter.settings.hyperparameters));
    expect(unlisted.length).toBeGreaterThan(0);
    for (const name of unlisted) {
      expect(() =>
        adapter.check({ train }, { baseModel: "m", method: "sft", hyperparameters: { [name]: 1 } }),
      ).toThrow("does not take this setting");
    }
  });

  it("takes a seed only when it says so", () => {
    const input = { baseModel: "m", method: "sft" as const, hyperparameters: {}, seed: 1 };
    if (adapter.settings.seed) expect(() => adapter.check({ train }, input)).not.toThrow();
    else expect(() => adapter.check({ train }, input)).toThrow("does not take a seed");
  });
});

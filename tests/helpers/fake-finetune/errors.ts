// Reading the FineTuneProviderError an adapter call ended with, in the adapter tests.
import { expect } from "vitest";
import { FineTuneProviderError } from "@/lib/fine-tuning/adapters/types";

export async function caught(promise: Promise<unknown>): Promise<FineTuneProviderError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FineTuneProviderError);
  return error as FineTuneProviderError;
}

export function thrown(run: () => void): FineTuneProviderError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FineTuneProviderError);
    return error as FineTuneProviderError;
  }
  throw new Error("expected a FineTuneProviderError");
}

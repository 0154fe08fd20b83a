// The rules a run adds to the set-up's schema (lib/playground/schemas.ts), which also serves presets
// (a preset may be half written; a run may not). Pure, so the page can say the same as the server.
import type { PlaygroundSettings } from "./schemas";

/**
 * Field errors for a set-up that cannot run, keyed like the schema's paths ("messages.2.content");
 * empty when it can. A run needs a question to answer: at least one message, none empty, the last
 * one the user's.
 */
export function runRuleErrors(settings: Pick<PlaygroundSettings, "messages">): Record<string, string> {
  const errors: Record<string, string> = {};
  const { messages } = settings;
  if (messages.length === 0) {
    errors.messages = "Add a message to run.";
    return errors;
  }
  messages.forEach((message, i) => {
    if (message.content.trim() === "") errors[`messages.${i}.content`] = `Message ${i + 1} is empty.`;
  });
  const last = messages.at(-1)!;
  if (last.role !== "user" && !errors[`messages.${messages.length - 1}.content`]) {
    errors[`messages.${messages.length - 1}.role`] =
      "The last message must be from the user: the model answers it.";
  }
  return errors;
}

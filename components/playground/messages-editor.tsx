"use client";

import type { PlaygroundMessage } from "@/lib/playground/schemas";
import { Button } from "@/components/ui/button";

const box =
  "w-full resize-y rounded-md border border-zinc-300 bg-white p-2 text-sm aria-[invalid]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900";

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p id={id} className="text-sm text-red-700 dark:text-red-400">
      {text}
    </p>
  ) : null;
}

/** The system prompt and the messages, each with its role, editable and removable. */
export function MessagesEditor({
  systemPrompt,
  messages,
  errors,
  onSystemPrompt,
  onMessages,
}: {
  systemPrompt: string;
  messages: PlaygroundMessage[];
  errors: Record<string, string>;
  onSystemPrompt: (text: string) => void;
  onMessages: (messages: PlaygroundMessage[]) => void;
}) {
  const change = (index: number, patch: Partial<PlaygroundMessage>) =>
    onMessages(messages.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  const next: PlaygroundMessage["role"] = messages.at(-1)?.role === "user" ? "assistant" : "user";
  return (
    <div className="flex flex-col gap-3">
      <label className="flex flex-col gap-1 text-sm font-medium">
        System prompt
        <textarea
          value={systemPrompt}
          onChange={(e) => onSystemPrompt(e.target.value)}
          rows={3}
          placeholder="You are a helpful assistant."
          aria-invalid={errors.systemPrompt ? true : undefined}
          aria-describedby={errors.systemPrompt ? "pg-error-system" : undefined}
          className={`${box} font-normal`}
        />
      </label>
      <FieldError id="pg-error-system" text={errors.systemPrompt} />
      <ol aria-label="Messages" className="flex flex-col gap-3">
        {messages.map((message, i) => {
          const contentError = errors[`messages.${i}.content`];
          const roleError = errors[`messages.${i}.role`];
          return (
            <li
              key={i}
              className="flex flex-col gap-1 rounded-lg border border-zinc-200 p-2 dark:border-zinc-800"
            >
              <div className="flex items-center justify-between gap-2">
                <select
                  aria-label={`Role of message ${i + 1}`}
                  value={message.role}
                  onChange={(e) => change(i, { role: e.target.value as PlaygroundMessage["role"] })}
                  aria-invalid={roleError ? true : undefined}
                  aria-describedby={roleError ? `pg-error-role-${i}` : undefined}
                  className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
                >
                  <option value="user">User</option>
                  <option value="assistant">Assistant</option>
                </select>
                <button
                  type="button"
                  onClick={() => onMessages(messages.filter((_, j) => j !== i))}
                  className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
                >
                  <span aria-hidden>Remove</span>
                  <span className="sr-only">{`Remove message ${i + 1}`}</span>
                </button>
              </div>
              <textarea
                aria-label={`Message ${i + 1}`}
                value={message.content}
                onChange={(e) => change(i, { content: e.target.value })}
                rows={3}
                aria-invalid={contentError ? true : undefined}
                aria-describedby={contentError ? `pg-error-content-${i}` : undefined}
                className={box}
              />
              <FieldError id={`pg-error-role-${i}`} text={roleError} />
              <FieldError id={`pg-error-content-${i}`} text={contentError} />
            </li>
          );
        })}
      </ol>
      <FieldError id="pg-error-messages" text={errors.messages} />
      <div>
        <Button
          variant="secondary"
          type="button"
          onClick={() => onMessages([...messages, { role: next, content: "" }])}
        >
          Add message
        </Button>
      </div>
    </div>
  );
}

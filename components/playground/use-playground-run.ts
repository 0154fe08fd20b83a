"use client";

import { useCallback, useRef, useState } from "react";
import type { MessageFeedback } from "@/lib/feedback/types";
import type { AnswerEnd, RunEvent } from "@/lib/playground/run-events";
import type { PlaygroundSettings } from "@/lib/playground/schemas";
import { stopGenerationAction } from "@/lib/chat/actions";

/** One column of a run: the model's answer as it streams, then how it ended. */
export type RunColumn = {
  id: string;
  modelId: string;
  text: string;
  end: AnswerEnd | null;
  feedback: MessageFeedback | null;
};

export type RunState = {
  conversationId: string;
  promptId: string;
  columns: RunColumn[];
};

type Failure = { message: string; fieldErrors: Record<string, string> };

function failureOf(body: unknown, status: number): Failure {
  const error = (body as { error?: { message?: unknown; fieldErrors?: unknown } } | null)?.error;
  const message =
    typeof error?.message === "string" ? error.message : `The run failed (HTTP ${status}). Try again.`;
  const fields = error?.fieldErrors;
  return {
    message,
    fieldErrors: fields && typeof fields === "object" ? (fields as Record<string, string>) : {},
  };
}

/**
 * Runs a set-up through POST /api/playground/run and reads its JSON lines into columns. Stop asks the
 * server to stop each answer still streaming (the chat's Stop): the answers end `stopped`, with what
 * they had, and the stream then ends by itself.
 */
export function usePlaygroundRun() {
  const [run, setRun] = useState<RunState | null>(null);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const stopRequested = useRef(false);
  const live = useRef<RunState | null>(null);

  const update = useCallback((change: (state: RunState) => RunState) => {
    if (!live.current) return;
    live.current = change(live.current);
    setRun(live.current);
  }, []);

  const stopAll = useCallback(() => {
    const state = live.current;
    if (!state) return;
    for (const column of state.columns) {
      if (!column.end) void stopGenerationAction({ messageId: column.id });
    }
  }, []);

  const apply = useCallback(
    (event: RunEvent) => {
      if (event.type === "run") {
        live.current = {
          conversationId: event.conversationId,
          promptId: event.promptId,
          columns: event.answers.map((a) => ({ ...a, text: "", end: null, feedback: null })),
        };
        setRun(live.current);
        if (stopRequested.current) stopAll();
      } else if (event.type === "text") {
        update((s) => ({
          ...s,
          columns: s.columns.map((c) => (c.id === event.id ? { ...c, text: c.text + event.delta } : c)),
        }));
      } else {
        const { type: _type, id, ...end } = event;
        update((s) => ({ ...s, columns: s.columns.map((c) => (c.id === id ? { ...c, end } : c)) }));
      }
    },
    [stopAll, update],
  );

  const start = useCallback(
    async (settings: PlaygroundSettings) => {
      stopRequested.current = false;
      live.current = null;
      setRun(null);
      setFailure(null);
      setRunning(true);
      try {
        const response = await fetch("/api/playground/run", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(settings),
        });
        if (!response.ok || !response.body) {
          const body: unknown = await response.json().catch(() => null);
          setFailure(failureOf(body, response.status));
          return;
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          const lines = buffer.split("\n");
          buffer = lines.pop() ?? "";
          for (const line of lines) if (line.trim()) apply(JSON.parse(line) as RunEvent);
        }
      } catch {
        setFailure({
          message: "The connection was lost. The answers are saved in the conversation.",
          fieldErrors: {},
        });
      } finally {
        setRunning(false);
      }
    },
    [apply],
  );

  const stop = useCallback(() => {
    stopRequested.current = true;
    stopAll();
  }, [stopAll]);

  const setFeedback = useCallback(
    (messageId: string, feedback: MessageFeedback | null) =>
      update((s) => ({
        ...s,
        columns: s.columns.map((c) => (c.id === messageId ? { ...c, feedback } : c)),
      })),
    [update],
  );

  return { run, running, failure, start, stop, setFeedback, clearFailure: () => setFailure(null) };
}

import { Markdown } from "@/components/chat/markdown/markdown";
import type { FeedbackDetail } from "@/lib/admin/feedback-detail";
import { RATING_LABEL } from "./labels";

function UserTurn({ text }: { text: string }) {
  return (
    <div className="ml-auto max-w-[85%] rounded-2xl bg-zinc-100 px-4 py-2.5 break-words whitespace-pre-wrap dark:bg-zinc-800">
      {text}
    </div>
  );
}

/**
 * The conversation up to and including the rated answer, rendered like the chat (the same safe
 * markdown), with the rated answer marked and its sibling versions available below it.
 */
export function ConversationView({ detail }: { detail: FeedbackDetail }) {
  const earlier = detail.path.slice(0, -1);
  return (
    <section aria-label="Conversation" className="flex flex-col gap-5">
      {detail.conversation.systemPrompt ? (
        <details className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">System prompt</summary>
          <p className="mt-2 whitespace-pre-wrap">{detail.conversation.systemPrompt}</p>
        </details>
      ) : null}
      {earlier.map((message) =>
        message.role === "user" ? (
          <UserTurn key={message.id} text={message.text} />
        ) : (
          <article key={message.id} aria-label="Assistant message">
            <Markdown text={message.text} />
          </article>
        ),
      )}
      <article
        aria-label="Rated answer"
        className="rounded-xl border-2 border-amber-400 p-4 dark:border-amber-500"
      >
        <p className="mb-2 text-xs font-medium text-amber-700 uppercase dark:text-amber-400">
          Rated answer · {RATING_LABEL[detail.rating]} · {detail.answer.modelId ?? "unknown model"}
        </p>
        <Markdown text={detail.answer.text} />
        {detail.answer.status !== "complete" ? (
          <p className="mt-2 text-xs text-zinc-500">
            Status: {detail.answer.status}
            {detail.answer.error ? ` — ${detail.answer.error}` : ""}
          </p>
        ) : null}
      </article>
      {detail.siblings.length > 0 ? (
        <details className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
          <summary className="cursor-pointer text-sm text-zinc-600 dark:text-zinc-400">
            Other versions of this answer ({detail.siblings.length})
          </summary>
          <ol className="mt-3 flex flex-col gap-4">
            {detail.siblings.map((sibling) => {
              const comparison = detail.comparisons.find((c) => c.otherId === sibling.id);
              return (
                <li key={sibling.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
                  <p className="mb-2 text-xs text-zinc-500">
                    {sibling.modelId ?? "unknown model"}
                    {sibling.rating ? ` · rated ${RATING_LABEL[sibling.rating]}` : ""}
                    {comparison
                      ? comparison.outcome === "both-bad"
                        ? " · judged bad, as the rated answer"
                        : comparison.outcome === "tie"
                          ? " · judged the same as the rated answer"
                          : comparison.outcome === "preferred"
                            ? " · the rated answer was preferred to this one"
                            : " · preferred to the rated answer"
                      : ""}
                  </p>
                  <Markdown text={sibling.text} />
                </li>
              );
            })}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

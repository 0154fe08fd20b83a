import { reasonLabel } from "@/lib/feedback/reasons";
import type { FeedbackDetail } from "@/lib/admin/feedback-detail";
import { formatTime } from "../format-time";
import { RATING_LABEL } from "./labels";

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-zinc-500">{term}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

/** The rating and everything recorded with it. The comment is shown as text, never as HTML. */
export function FeedbackFacts({ detail }: { detail: FeedbackDetail }) {
  const answer = detail.answer;
  return (
    <section
      aria-labelledby="facts-heading"
      className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 id="facts-heading" className="mb-3 text-sm font-semibold">
        Rating
      </h2>
      <dl className="flex flex-col gap-3">
        <Fact term="Rating">{RATING_LABEL[detail.rating]} response</Fact>
        <Fact term="Reasons">{detail.reasons.length ? detail.reasons.map(reasonLabel).join(", ") : "—"}</Fact>
        <Fact term="Comment">
          <span className="whitespace-pre-wrap">{detail.comment || "—"}</span>
        </Fact>
        <Fact term="User">
          {detail.user.name || "(no name)"} · {detail.user.email} · training consent{" "}
          {detail.user.trainingConsent ? "on" : "off"}
        </Fact>
        <Fact term="Rated">
          {formatTime(detail.createdAt)} (updated {formatTime(detail.updatedAt)})
        </Fact>
        <Fact term="Model">
          {detail.modelId ?? "—"} · {detail.provider ?? "—"}
        </Fact>
        <Fact term="Parameters">
          <code className="text-xs">{detail.params ? JSON.stringify(detail.params) : "—"}</code>
        </Fact>
        <Fact term="Usage">
          {answer.inputTokens ?? "?"} tokens in · {answer.outputTokens ?? "?"} out · first token{" "}
          {answer.timeToFirstTokenMs ?? "?"} ms · {answer.durationMs ?? "?"} ms in all · finish{" "}
          {answer.finishReason ?? "—"}
        </Fact>
        {detail.reviewedAt ? (
          <Fact term="Last triage">
            {formatTime(detail.reviewedAt)} by {detail.reviewedBy ?? "a deleted admin"}
            {detail.reviewNote ? ` — ${detail.reviewNote}` : ""}
          </Fact>
        ) : null}
      </dl>
    </section>
  );
}

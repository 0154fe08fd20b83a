"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { createAccountAction, deleteAccountAction, updateAccountAction } from "@/lib/fine-tuning/actions";
import {
  ACCOUNT_KIND_LABELS,
  ACCOUNT_KINDS,
  DEFAULT_FINETUNE_URLS,
  type AccountKindName,
} from "@/lib/fine-tuning/schemas";
import type { AdminAccount } from "@/lib/fine-tuning/job-view";
import { Button } from "@/components/ui/button";
import { formText } from "./form-text";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "@/components/admin/models/select-field";

type Message = { error?: string; success?: string; fields?: Record<string, string> };

/**
 * Add or edit separate credentials for a fine-tuning service. The key field starts empty: on edit,
 * empty keeps the stored key, which the browser never receives ("••••" + its last 4 characters).
 */
export function AccountForm({
  account,
  providers,
}: {
  account?: AdminAccount;
  providers: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [kind, setKind] = useState<AccountKindName>(account?.kind ?? "together");
  const [baseUrl, setBaseUrl] = useState(account?.baseUrl ?? DEFAULT_FINETUNE_URLS.together);
  const [message, setMessage] = useState<Message>({});
  const [pending, startTransition] = useTransition();

  const changeKind = (next: AccountKindName) => {
    if (!baseUrl || baseUrl === DEFAULT_FINETUNE_URLS[kind]) setBaseUrl(DEFAULT_FINETUNE_URLS[next]);
    setKind(next);
  };

  return (
    <form
      aria-label={account ? `Edit ${account.name}` : "Add fine-tuning account"}
      className="flex max-w-2xl flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        const text = (name: string) => formText(data, name);
        const input = {
          kind,
          name: text("name"),
          baseUrl,
          apiKey: text("apiKey"),
          fireworksAccountId: text("fireworksAccountId"),
          servingProviderId: text("servingProviderId"),
        };
        startTransition(async () => {
          const result = account
            ? await updateAccountAction({ ...input, accountId: account.id })
            : await createAccountAction(input);
          if (!result.ok) {
            setMessage({
              error: result.error.message,
              ...(result.error.fieldErrors ? { fields: result.error.fieldErrors } : {}),
            });
            return;
          }
          const key = form.elements.namedItem("apiKey");
          if (key instanceof HTMLInputElement) key.value = "";
          if (!account) form.reset();
          setMessage({ success: account ? "Account saved." : "Account added." });
          router.refresh();
        });
      }}
    >
      <FormMessage error={message.error} success={message.success} />
      <SelectField
        label="Service"
        name="kind"
        value={kind}
        error={message.fields?.kind}
        onChange={(e) => changeKind(e.target.value as AccountKindName)}
      >
        {ACCOUNT_KINDS.map((value) => (
          <option key={value} value={value}>
            {ACCOUNT_KIND_LABELS[value]}
          </option>
        ))}
      </SelectField>
      <Field
        label="Account name"
        name="name"
        defaultValue={account?.name ?? ""}
        maxLength={100}
        error={message.fields?.name}
      />
      <Field
        label="Base URL"
        name="baseUrl"
        value={baseUrl}
        onChange={(e) => setBaseUrl(e.target.value)}
        inputMode="url"
        error={message.fields?.baseUrl}
      />
      <Field
        label="API key"
        name="apiKey"
        type="password"
        autoComplete="off"
        hint={account?.apiKeyMask ? `Stored: ${account.apiKeyMask}. Leave empty to keep it.` : undefined}
        error={message.fields?.apiKey}
      />
      {kind === "fireworks" ? (
        <Field
          label="Fireworks account id"
          name="fireworksAccountId"
          defaultValue={account?.fireworksAccountId ?? ""}
          error={message.fields?.fireworksAccountId}
        />
      ) : null}
      <SelectField
        label="Serving provider (where its fine-tuned models are served)"
        name="servingProviderId"
        defaultValue={account?.servingProviderId ?? ""}
        error={message.fields?.servingProviderId}
      >
        <option value="">None yet</option>
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {account ? "Save account" : "Add account"}
        </Button>
        {account ? (
          <Button
            type="button"
            variant="danger"
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                if (
                  !window.confirm(
                    `Delete ${account.name}? Its jobs stay, but cannot be followed until credentials return.`,
                  )
                )
                  return;
                const result = await deleteAccountAction({ accountId: account.id });
                if (!result.ok) setMessage({ error: result.error.message });
                else router.refresh();
              })
            }
          >
            Delete account
          </Button>
        ) : null}
      </div>
    </form>
  );
}

"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { createProviderAction, testConnectionAction, updateProviderAction } from "@/lib/models/admin/actions";
import { DEFAULT_BASE_URLS, PROVIDER_TYPES, type ProviderTypeName } from "@/lib/models/admin/schemas";
import { PROVIDER_TYPE_LABELS } from "@/lib/models/admin/provider-type";
import type { ActionResult } from "@/lib/errors/action-result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "./select-field";
import { TextAreaField } from "./text-area-field";

/** What the edit form knows of a stored provider: never its key or header values. */
export type ProviderFormValues = {
  id: string;
  type: ProviderTypeName;
  name: string;
  baseUrl: string;
  apiKeyMask: string;
  headerNames: string[];
};

type Message = { error?: string; success?: string; fields?: Record<string, string> };

/**
 * Add or edit a provider. The key field starts empty: on edit, empty keeps the stored key, which the
 * browser never receives (it sees "••••" + the last 4 characters).
 */
export function ProviderForm({ provider }: { provider?: ProviderFormValues }) {
  const router = useRouter();
  const [type, setType] = useState<ProviderTypeName>(provider?.type ?? "openai");
  const [baseUrl, setBaseUrl] = useState(provider?.baseUrl ?? DEFAULT_BASE_URLS.openai);
  const [message, setMessage] = useState<Message>({});
  const [models, setModels] = useState<string[] | null>(null);
  const [pending, startTransition] = useTransition();

  const changeType = (next: ProviderTypeName) => {
    // Follow the type's usual address unless the admin typed their own.
    if (!baseUrl || baseUrl === DEFAULT_BASE_URLS[type]) setBaseUrl(DEFAULT_BASE_URLS[next]);
    setType(next);
  };

  const values = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === "string" ? value : "";
    };
    return {
      type,
      name: text("name"),
      baseUrl,
      apiKey: text("apiKey"),
      headers: text("headers"),
      clearHeaders: data.get("clearHeaders") === "on",
    };
  };

  const failed = (result: Extract<ActionResult<unknown>, { ok: false }>) => {
    setMessage({
      error: result.error.message,
      ...(result.error.fieldErrors ? { fields: result.error.fieldErrors } : {}),
    });
  };

  const testConnection = (form: HTMLFormElement) => {
    const { clearHeaders: _clear, ...input } = values(form);
    setModels(null);
    startTransition(async () => {
      const result = await testConnectionAction({
        ...input,
        ...(provider ? { providerId: provider.id } : {}),
      });
      if (!result.ok) return failed(result);
      setMessage({ success: `Connected. The provider lists ${result.data.models.length} model(s).` });
      setModels(result.data.models.map((m) => m.id));
    });
  };

  return (
    <form
      className="flex max-w-2xl flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const input = values(form);
        startTransition(async () => {
          if (provider) {
            const result = await updateProviderAction({ ...input, providerId: provider.id });
            if (!result.ok) return failed(result);
            // The secrets typed are saved: clear them (the other fields show what was saved).
            for (const name of ["apiKey", "headers"]) {
              const field = form.elements.namedItem(name);
              if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) field.value = "";
            }
            setMessage({ success: "Provider saved." });
            router.refresh();
          } else {
            const { clearHeaders: _clear, ...create } = input;
            const result = await createProviderAction(create);
            if (!result.ok) return failed(result);
            router.push(`/admin/models/providers/${result.data.providerId}`);
          }
        });
      }}
    >
      <FormMessage error={message.error} success={message.success} />
      <SelectField
        label="Type"
        name="type"
        value={type}
        error={message.fields?.type}
        onChange={(event) => changeType(event.target.value as ProviderTypeName)}
      >
        {PROVIDER_TYPES.map((value) => (
          <option key={value} value={value}>
            {PROVIDER_TYPE_LABELS[value]}
          </option>
        ))}
      </SelectField>
      <Field
        label="Display name"
        name="name"
        defaultValue={provider?.name ?? ""}
        maxLength={80}
        required
        error={message.fields?.name}
      />
      <Field
        label="Base URL"
        name="baseUrl"
        value={baseUrl}
        onChange={(event) => setBaseUrl(event.target.value)}
        inputMode="url"
        hint={
          type === "anthropic"
            ? "The API root without /v1, e.g. https://api.anthropic.com."
            : "The API root, ending in /v1 for most servers, e.g. https://api.openai.com/v1 or http://localhost:11434/v1."
        }
        error={message.fields?.baseUrl}
      />
      <Field
        label="API key"
        name="apiKey"
        type="password"
        autoComplete="off"
        hint={
          provider?.apiKeyMask
            ? `Stored key: ${provider.apiKeyMask}. Leave empty to keep it.`
            : type === "openai-compatible"
              ? "Optional for servers that need none. A key is tested when you save."
              : "Tested with the provider when you save."
        }
        error={message.fields?.apiKey}
      />
      <TextAreaField
        label="Extra headers"
        name="headers"
        rows={3}
        placeholder="OpenAI-Organization: org-…"
        hint={
          provider && provider.headerNames.length > 0
            ? `Stored: ${provider.headerNames.join(", ")} (values hidden). Leave empty to keep them; enter all of them again to change them.`
            : "Optional, one per line as Name: value."
        }
        error={message.fields?.headers}
      />
      {provider && provider.headerNames.length > 0 ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="clearHeaders" /> Remove the stored headers
        </label>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          disabled={pending}
          onClick={(event) => {
            const form = event.currentTarget.form;
            if (form) testConnection(form);
          }}
        >
          Test connection
        </Button>
        <Button type="submit" disabled={pending}>
          Save provider
        </Button>
      </div>
      {models ? (
        <div>
          <h3 className="text-sm font-medium">Models the provider lists</h3>
          {models.length === 0 ? (
            <p className="text-sm text-zinc-500">None.</p>
          ) : (
            <ul aria-label="Models the provider lists" className="mt-1 flex flex-wrap gap-1 text-xs">
              {models.slice(0, 200).map((id) => (
                <li key={id} className="rounded bg-zinc-100 px-2 py-0.5 font-mono dark:bg-zinc-800">
                  {id}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </form>
  );
}

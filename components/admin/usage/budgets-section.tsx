"use client";

import { useState, useTransition } from "react";
import type { Budgets } from "@/lib/usage/budgets";
import { removeBudgetAction, setRoleBudgetAction, setUserBudgetAction } from "@/lib/usage/actions";
import type { ActionError } from "@/lib/errors/action-result";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { formatTokens, formatUsd } from "./format-usage";

type Unit = "usd" | "tokens";
const ROLE_LABEL = { USER: "Users", ADMIN: "Admins" } as const;

const inputClass =
  "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm text-zinc-900 aria-[invalid]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

function amountOf(unit: Unit, limit: number): string {
  return unit === "usd" ? formatUsd(limit) : `${formatTokens(limit)} tokens`;
}

function ErrorText({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p id={id} className="text-xs text-red-700 dark:text-red-400">
      {text}
    </p>
  ) : null;
}

/** Unit and amount inputs shared by the role and the user forms. */
function LimitFields({
  idPrefix,
  unit,
  amount,
  errors,
  onUnit,
  onAmount,
}: {
  idPrefix: string;
  unit: Unit;
  amount: string;
  errors: Record<string, string> | undefined;
  onUnit: (unit: Unit) => void;
  onAmount: (amount: string) => void;
}) {
  return (
    <>
      <div className="flex flex-col gap-1">
        <label
          htmlFor={`${idPrefix}-amount`}
          className="text-xs font-medium text-zinc-600 dark:text-zinc-400"
        >
          Monthly limit
        </label>
        <input
          id={`${idPrefix}-amount`}
          inputMode="decimal"
          value={amount}
          onChange={(e) => onAmount(e.target.value)}
          aria-invalid={errors?.monthlyLimit ? true : undefined}
          aria-describedby={errors?.monthlyLimit ? `${idPrefix}-amount-error` : undefined}
          className={`${inputClass} w-36`}
        />
        <ErrorText id={`${idPrefix}-amount-error`} text={errors?.monthlyLimit} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${idPrefix}-unit`} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Unit
        </label>
        <select
          id={`${idPrefix}-unit`}
          value={unit}
          onChange={(e) => onUnit(e.target.value as Unit)}
          className={inputClass}
        >
          <option value="usd">USD</option>
          <option value="tokens">Tokens</option>
        </select>
      </div>
    </>
  );
}

function useSave() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const run = (work: () => Promise<{ ok: true } | { ok: false; error: ActionError }>, done: string) =>
    start(async () => {
      const result = await work();
      setError(result.ok ? null : result.error);
      setSaved(result.ok ? done : undefined);
    });
  return { pending, error, saved, run };
}

function RoleBudgetForm({ role, budget }: { role: "USER" | "ADMIN"; budget: Budgets["roles"]["USER"] }) {
  const [unit, setUnit] = useState<Unit>(budget?.unit ?? "usd");
  const [amount, setAmount] = useState(budget ? String(budget.monthlyLimit) : "");
  const { pending, error, saved, run } = useSave();
  const id = `budget-role-${role.toLowerCase()}`;
  return (
    <form
      aria-label={`${ROLE_LABEL[role]} budget`}
      className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        run(
          () => setRoleBudgetAction({ role, unit, monthlyLimit: amount }),
          `${ROLE_LABEL[role]}' budget saved.`,
        );
      }}
    >
      <h4 className="text-sm font-semibold">{ROLE_LABEL[role]}</h4>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {budget ? `${amountOf(budget.unit, budget.monthlyLimit)} a month.` : "No limit."}
      </p>
      <div className="flex flex-wrap items-start gap-3">
        <LimitFields
          idPrefix={id}
          unit={unit}
          amount={amount}
          errors={error?.fieldErrors}
          onUnit={setUnit}
          onAmount={setAmount}
        />
        <Button type="submit" disabled={pending} className="mt-5 py-1.5">
          Save
        </Button>
        {budget ? (
          <Button
            type="button"
            variant="secondary"
            disabled={pending}
            className="mt-5 py-1.5"
            onClick={() => {
              run(
                () => removeBudgetAction({ budgetId: budget.id }),
                `${ROLE_LABEL[role]} have no limit now.`,
              );
              setAmount("");
            }}
          >
            Remove limit
          </Button>
        ) : null}
      </div>
      <FormMessage error={error && !error.fieldErrors ? error.message : undefined} success={saved} />
    </form>
  );
}

function UserOverrideForm() {
  const [email, setEmail] = useState("");
  const [unit, setUnit] = useState<Unit>("usd");
  const [amount, setAmount] = useState("");
  const { pending, error, saved, run } = useSave();
  return (
    <form
      aria-label="Add a user override"
      className="flex flex-wrap items-start gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        run(async () => {
          const result = await setUserBudgetAction({ email, unit, monthlyLimit: amount });
          if (result.ok) {
            setEmail("");
            setAmount("");
          }
          return result;
        }, "Override saved.");
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="budget-user-email" className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          User email
        </label>
        <input
          id="budget-user-email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={error?.fieldErrors?.email ? true : undefined}
          aria-describedby={error?.fieldErrors?.email ? "budget-user-email-error" : undefined}
          className={`${inputClass} w-64`}
        />
        <ErrorText id="budget-user-email-error" text={error?.fieldErrors?.email} />
      </div>
      <LimitFields
        idPrefix="budget-user"
        unit={unit}
        amount={amount}
        errors={error?.fieldErrors}
        onUnit={setUnit}
        onAmount={setAmount}
      />
      <Button type="submit" disabled={pending} className="mt-5 py-1.5">
        Save override
      </Button>
      <div className="basis-full">
        <FormMessage error={error && !error.fieldErrors ? error.message : undefined} success={saved} />
      </div>
    </form>
  );
}

function RemoveOverride({ budgetId, email }: { budgetId: string; email: string }) {
  const { pending, error, run } = useSave();
  return (
    <>
      <Button
        type="button"
        variant="ghost"
        disabled={pending}
        className="py-1 text-xs"
        aria-label={`Remove the override of ${email}`}
        onClick={() => run(() => removeBudgetAction({ budgetId }), "")}
      >
        Remove
      </Button>
      {error ? <span className="text-xs text-red-700 dark:text-red-400">{error.message}</span> : null}
    </>
  );
}

/**
 * Monthly budgets: one per role, and per-user overrides that win over the role's. Off until set. What
 * counts and when it resets: docs/admin.md, "Budgets".
 */
export function BudgetsSection({ budgets }: { budgets: Budgets }) {
  return (
    <div className="flex flex-col gap-6">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        A monthly limit in USD or tokens (input + output) over every answer a user gets, in the UTC calendar
        month. Someone at the limit is refused new answers until the 1st. No budget means no limit.
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <RoleBudgetForm role="USER" budget={budgets.roles.USER} />
        <RoleBudgetForm role="ADMIN" budget={budgets.roles.ADMIN} />
      </div>
      <section aria-labelledby="budget-overrides" className="flex flex-col gap-3">
        <h3 id="budget-overrides" className="text-sm font-semibold">
          Per-user overrides
        </h3>
        {budgets.users.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No overrides.</p>
        ) : (
          <table className="w-full max-w-2xl text-left text-sm">
            <caption className="sr-only">Per-user budget overrides</caption>
            <thead className="text-xs text-zinc-500">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  User
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Monthly limit
                </th>
                <th scope="col" className="py-1 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {budgets.users.map((budget) => (
                <tr key={budget.id} className="border-t border-zinc-200 dark:border-zinc-800">
                  <th scope="row" className="py-1.5 pr-3 font-normal">
                    {budget.email}
                  </th>
                  <td className="py-1.5 pr-3 tabular-nums">{amountOf(budget.unit, budget.monthlyLimit)}</td>
                  <td className="py-1.5">
                    <RemoveOverride budgetId={budget.id} email={budget.email} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <UserOverrideForm />
      </section>
    </div>
  );
}

import Link from "next/link";
import { Button } from "@/components/ui/button";

/** Shared look of the filter forms' inputs and selects (matches components/ui/field). */
export const inputClass =
  "rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
export const labelClass = "flex flex-col gap-1 text-sm font-medium";

/** A labelled choice whose blank first option means "any". */
export function SelectField({
  label,
  name,
  value,
  options,
  anyLabel = "Any",
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: readonly (readonly [value: string, text: string])[];
  anyLabel?: string;
}) {
  return (
    <label className={labelClass}>
      {label}
      <select name={name} defaultValue={value ?? ""} className={inputClass}>
        <option value="">{anyLabel}</option>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled day (YYYY-MM-DD), blank for none. */
export function DateField({
  label,
  name,
  value,
}: {
  label: string;
  name: string;
  value: string | undefined;
}) {
  return (
    <label className={labelClass}>
      {label}
      <input type="date" name={name} defaultValue={value ?? ""} className={inputClass} />
    </label>
  );
}

/** A filter form's submit button, and a link back to the unfiltered list once something is filtered. */
export function FilterActions({ path, filtered }: { path: string; filtered: boolean }) {
  return (
    <>
      <Button type="submit" variant="secondary">
        Apply filters
      </Button>
      {filtered ? (
        <Link href={path} className="py-2 text-sm underline">
          Clear all filters
        </Link>
      ) : null}
    </>
  );
}

/** A labelled input; every other prop goes to the input. */
export function InputField({
  label,
  className,
  ...input
}: { label: string } & React.ComponentProps<"input">) {
  return (
    <label className={labelClass}>
      {label}
      <input {...input} className={className ? `${inputClass} ${className}` : inputClass} />
    </label>
  );
}

import type { RawExportInput } from "@/lib/export/export-input";
import { InputField } from "../list/fields";
import { checkClass, fieldsetClass, first, legendClass, on } from "./form-values";

/** How the export is written: redaction, deduplication, train/validation split, row limit. */
export function ExportOptions({ values, dedupe }: { values: RawExportInput; dedupe: boolean }) {
  return (
    <fieldset className={fieldsetClass}>
      <legend className={legendClass}>Options</legend>
      <label className={`${checkClass} pb-2`}>
        <input type="checkbox" name="redact" value="1" defaultChecked={on(values.redact)} />
        Redact PII
      </label>
      <label className={`${checkClass} pb-2`}>
        {/* An unticked box sends nothing: the hidden 0 says "off", a ticked box's 1 after it wins. */}
        <input type="hidden" name="dedupe" value="0" />
        <input type="checkbox" name="dedupe" value="1" defaultChecked={dedupe} />
        Deduplicate
      </label>
      <InputField
        label="Train/validation split"
        type="number"
        name="split"
        min="0.01"
        max="0.99"
        step="0.01"
        defaultValue={first(values.split)}
        placeholder="e.g. 0.9 (blank: one file)"
      />
      <InputField
        label="Split seed"
        type="text"
        name="seed"
        defaultValue={first(values.seed)}
        placeholder="flywheel"
      />
      <InputField
        label="Maximum rows"
        type="number"
        name="maxRows"
        min="1"
        step="1"
        defaultValue={first(values.maxRows)}
        placeholder="No limit"
      />
    </fieldset>
  );
}

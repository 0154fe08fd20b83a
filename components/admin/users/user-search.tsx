import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FilterForm } from "../list/filter-form";
import { inputClass } from "../list/fields";

/** Search by name, email or API key prefix ("fw-…"); the query lives in the URL as ?q=. */
export function UserSearch({ q }: { q: string }) {
  return (
    <FilterForm key={q} path="/admin/users" label="Users" className="mt-4 flex flex-wrap items-end gap-2">
      <label className="flex flex-col gap-1 text-sm font-medium">
        Search users
        <input
          type="search"
          name="q"
          defaultValue={q}
          maxLength={200}
          placeholder="Name, email or key prefix (fw-…)"
          className={`${inputClass} w-72`}
        />
      </label>
      <Button type="submit" variant="secondary">
        Search
      </Button>
      {q ? (
        <Link href="/admin/users" className="px-2 py-2 text-sm underline">
          Clear
        </Link>
      ) : null}
    </FilterForm>
  );
}

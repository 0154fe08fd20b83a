import Link from "next/link";
import type { ModelsOverview } from "@/lib/models/admin/admin-view";
import { PROVIDER_TYPE_LABELS } from "@/lib/models/admin/provider-type";
import { ListTable, cellClass, rowClass } from "@/components/admin/list/table";

/**
 * Every provider: the admin's (linked to their page) and the settings' (marked "from settings",
 * read-only, with their models). No key is shown, only its last 4 characters for the admin's own.
 */
export function ProvidersTable({ overview }: { overview: ModelsOverview }) {
  const empty = overview.providers.length === 0 && overview.settings.length === 0;
  return (
    <ListTable
      caption="Providers"
      columns={["Provider", "Type", "Base URL", "API key", "Models", "Status"]}
      empty={empty ? "No providers yet. Chats use the built-in offline model." : null}
    >
      {overview.providers.map((provider) => {
        const enabled = provider.models.filter((m) => m.enabled).length;
        return (
          <tr key={provider.id} className={rowClass}>
            <td className={cellClass}>
              <Link href={`/admin/models/providers/${provider.id}`} className="font-medium underline">
                {provider.name}
              </Link>
            </td>
            <td className={cellClass}>{PROVIDER_TYPE_LABELS[provider.type]}</td>
            <td className={`${cellClass} font-mono text-xs break-all`}>{provider.baseUrl}</td>
            <td className={`${cellClass} font-mono text-xs`}>{provider.apiKeyMask || "none"}</td>
            <td className={cellClass}>
              {enabled} of {provider.models.length} enabled
            </td>
            <td className={cellClass}>{provider.enabled ? "Enabled" : "Disabled"}</td>
          </tr>
        );
      })}
      {overview.settings.map((provider) => (
        <tr key={provider.key} className={rowClass}>
          <td className={cellClass}>
            <div className="font-medium">{provider.name}</div>
            <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">from settings</span>
          </td>
          <td className={cellClass}>{PROVIDER_TYPE_LABELS[provider.type]}</td>
          <td className={`${cellClass} font-mono text-xs break-all`}>
            {provider.baseUrl ?? "provider's default"}
          </td>
          <td className={`${cellClass} text-xs`}>in the settings</td>
          <td className={`${cellClass} font-mono text-xs`}>{provider.models.map((m) => m.id).join(", ")}</td>
          <td className={cellClass}>Read-only</td>
        </tr>
      ))}
    </ListTable>
  );
}

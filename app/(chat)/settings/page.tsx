import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/session";
import { requirePageUser } from "@/lib/auth/page-guards";
import { getSettings } from "@/lib/users/settings";
import { ProfileForm } from "@/components/settings/profile-form";
import { PasswordForm } from "@/components/settings/password-form";
import { ConsentSwitch } from "@/components/settings/consent-switch";
import { CustomInstructionsForm } from "@/components/settings/custom-instructions-form";
import { DeleteAccount } from "@/components/settings/delete-account";
import { DeleteConversations } from "@/components/settings/delete-conversations";
import { SignOutEverywhere } from "@/components/settings/sign-out-everywhere";
import { getMyUsage } from "@/lib/usage/my-usage";
import { MyUsageSummary } from "@/components/settings/my-usage";
import { listMyApiKeys } from "@/lib/api-keys/api-keys";
import { ApiKeys } from "@/components/settings/api-keys";

export const metadata: Metadata = { title: "Settings" };

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  // An id without spaces: aria-labelledby reads a space-separated list of ids.
  const id = `section-${title.toLowerCase().replace(/\s+/g, "-")}`;
  return (
    <section
      aria-labelledby={id}
      className="border-b border-zinc-200 py-8 last:border-0 dark:border-zinc-800"
    >
      <h2 id={id} className="mb-4 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { password } = await searchParams;
  await requirePageUser();
  const actor = await currentActor();
  const [settings, usage, apiKeys] = await Promise.all([
    getSettings(actor),
    getMyUsage(actor),
    listMyApiKeys(actor),
  ]);
  return (
    <div className="h-full overflow-y-auto">
      <main className="mx-auto max-w-2xl px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <Section title="Profile">
          <ProfileForm name={settings.name} email={settings.email} />
        </Section>
        <Section title="Password">
          <PasswordForm hasPassword={settings.hasPassword} changed={password === "changed"} />
        </Section>
        <Section title="Sessions">
          <SignOutEverywhere />
        </Section>
        <Section title="Custom instructions">
          <CustomInstructionsForm initial={settings.customInstructions} />
        </Section>
        <Section title="Usage">
          <MyUsageSummary usage={usage} />
        </Section>
        <Section title="API keys">
          <ApiKeys initial={apiKeys} />
        </Section>
        <Section title="Data controls">
          <div className="flex flex-col gap-6">
            <ConsentSwitch initial={settings.trainingConsent} />
            <div className="flex flex-col gap-1">
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                Your conversations, ratings and comparisons as a JSON file.
              </p>
              <div>
                {/* A plain link: the browser downloads the file the route streams, as large as it is. */}
                <a
                  href="/api/me/data"
                  download
                  className="inline-flex items-center rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                >
                  Download my data
                </a>
              </div>
            </div>
            <DeleteConversations />
          </div>
        </Section>
        <Section title="Delete account">
          <DeleteAccount email={settings.email} />
        </Section>
      </main>
    </div>
  );
}

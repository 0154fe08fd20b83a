import type { Metadata } from "next";
import Link from "next/link";
import { ProviderForm } from "@/components/admin/models/provider-form";

export const metadata: Metadata = { title: "Add provider" };

export default function NewProviderPage() {
  return (
    <main className="flex flex-col gap-4">
      <Link href="/admin/models" className="text-sm underline">
        ← Models
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">Add provider</h1>
      <ProviderForm />
    </main>
  );
}

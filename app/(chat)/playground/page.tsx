import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guards";
import { currentActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import { playgroundModels } from "@/lib/playground/models";
import { PlaygroundView } from "@/components/playground/playground-view";

export const metadata: Metadata = { title: "Playground" };

export default async function PlaygroundPage() {
  await requirePageUser();
  // lib/playground decides who may use it; anyone else gets this site's 404.
  const list = await playgroundModels(await currentActor()).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return <PlaygroundView models={list.models} defaultModelId={list.defaultModelId} />;
}

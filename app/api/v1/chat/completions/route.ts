import { apiOptions } from "@/lib/api/api-route";
import { createCompletionRoute } from "@/lib/api/completions/completion-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = createCompletionRoute;
export const OPTIONS = apiOptions;

import { apiOptions } from "@/lib/api/api-route";
import { comparisonsRoute } from "@/lib/api/feedback-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = comparisonsRoute;
export const OPTIONS = apiOptions;

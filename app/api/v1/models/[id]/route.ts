import { apiOptions } from "@/lib/api/api-route";
import { getModelRoute } from "@/lib/api/model-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = getModelRoute;
export const OPTIONS = apiOptions;

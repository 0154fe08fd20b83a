import { apiOptions } from "@/lib/api/api-route";
import { listModelsRoute } from "@/lib/api/model-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = listModelsRoute;
export const OPTIONS = apiOptions;

import "server-only";
import { apiRoute } from "./api-route";
import { getApiModel, listApiModels } from "./models-api";

// The handlers of the models routes, here rather than in app/ so that tests serve them over HTTP to
// the official SDK (app/api/v1/models/… only mount them).

/** OpenAI's `GET /v1/models`: the models this key's user may use. */
export const listModelsRoute = apiRoute("chat", async (caller) => Response.json(await listApiModels(caller)));

/** OpenAI's `GET /v1/models/{id}`; a model this user may not use is "not found", as an unknown one. */
export const getModelRoute = apiRoute("chat", async (caller, _request, context) => {
  const { id } = await context.params;
  return Response.json(await getApiModel(caller, String(id)));
});

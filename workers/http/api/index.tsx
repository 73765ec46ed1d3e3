import { OpenAPIHono } from "@hono/zod-openapi";
import { ApiDocsPage } from "../../../web/pages/api-docs";
import { admin } from "../admin";
import type { AppEnv } from "../types";
import { requestProblems } from "../validation";
import {
  alert,
  alertRoute,
  createAlert,
  createAlertRoute,
  deleteAlertRoute,
  removeAlert,
  updateAlert,
  updateAlertRoute,
} from "./alerts";
import {
  gpuModel,
  gpuModelAvailabilityOf,
  gpuModelAvailabilityRoute,
  gpuModelHistoryOf,
  gpuModelHistoryRoute,
  gpuModelList,
  gpuModelRoute,
  provider,
  providerList,
  providerRoute,
} from "./catalog";
import { changes, changesRoute } from "./changes";
import { comparePricesOf, comparePricesRoute, compareProvidersOf, compareProvidersRoute } from "./compare";
import { health, healthRoute } from "./health";
import {
  instance,
  instanceAvailabilityOf,
  instanceAvailabilityRoute,
  instanceHistoryOf,
  instanceHistoryRoute,
  instanceList,
  instanceRoute,
} from "./instances";
import { DOCUMENT_CONFIG, served } from "./openapi";

// The public API: every route declared once (createRoute, beside its handler), validated by its
// declaration, and documented from it at /api/openapi.json.

const routes = new OpenAPIHono<AppEnv>({
  defaultHook: (result) => {
    const problem = requestProblems(result);
    if (problem) throw problem;
  },
})
  .openapi(...served(healthRoute, health))
  .openapi(...served(providerList.route, providerList.handler))
  .openapi(...served(providerRoute, provider))
  .openapi(...served(gpuModelList.route, gpuModelList.handler))
  .openapi(...served(gpuModelRoute, gpuModel))
  .openapi(...served(gpuModelHistoryRoute, gpuModelHistoryOf))
  .openapi(...served(gpuModelAvailabilityRoute, gpuModelAvailabilityOf))
  .openapi(...served(instanceList.route, instanceList.handler))
  .openapi(...served(instanceRoute, instance))
  .openapi(...served(instanceHistoryRoute, instanceHistoryOf))
  .openapi(...served(instanceAvailabilityRoute, instanceAvailabilityOf))
  .openapi(...served(comparePricesRoute, comparePricesOf))
  .openapi(...served(compareProvidersRoute, compareProvidersOf))
  .openapi(...served(changesRoute, changes))
  .openapi(...served(createAlertRoute, createAlert))
  .openapi(...served(alertRoute, alert))
  .openapi(...served(updateAlertRoute, updateAlert))
  .openapi(...served(deleteAlertRoute, removeAlert))
  .route("/admin", admin);
routes.openAPIRegistry.registerComponent("securitySchemes", "alertToken", {
  type: "http",
  scheme: "bearer",
  description: "An alert's management token (cga_…), answered once when the alert is made",
});
routes.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
  type: "http",
  scheme: "bearer",
  description: "The operators' ADMIN_TOKEN",
});
routes.openAPIRegistry.registerComponent("securitySchemes", "cloudflareAccess", {
  type: "apiKey",
  in: "header",
  name: "Cf-Access-Jwt-Assertion",
  description: "The JWT Cloudflare Access adds to requests it lets through (ACCESS_TEAM_DOMAIN, ACCESS_AUD)",
});
routes.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
  type: "apiKey",
  in: "header",
  name: "X-API-Key",
});

let document: ReturnType<typeof routes.getOpenAPI31Document> | undefined;
/** The OpenAPI 3.1 document of the public API, generated from the route declarations. */
export function openApiDocument() {
  document ??= routes.getOpenAPI31Document(DOCUMENT_CONFIG);
  return document;
}

export const api = routes
  .get("/api/openapi.json", (c) => c.json(openApiDocument(), 200, { "Cache-Control": "public, max-age=3600" }))
  .get("/api/docs", (c) => {
    const { info, paths } = openApiDocument();
    return c.html(
      <ApiDocsPage
        title={info.title}
        description={info.description ?? ""}
        version={info.version}
        paths={paths as never}
        canonical={`${c.env.SITE_URL.replace(/\/+$/, "")}/api/docs`}
      />,
    );
  });

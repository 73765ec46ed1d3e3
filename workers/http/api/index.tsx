import { Hono } from "hono";
import { ApiDocsPage } from "../../../web/pages/api-docs";
import type { AppEnv } from "../types";
import { gpuModelsApi, providersApi } from "./catalog";
import { compare } from "./compare";
import { health } from "./health";
import { instancesApi } from "./instances";
import { openApiDocument } from "./openapi";

export const api = new Hono<AppEnv>()
  .route("/health", health)
  .get("/openapi.json", (c) => c.json(openApiDocument(), 200, { "Cache-Control": "public, max-age=3600" }))
  .get("/docs", (c) => {
    const document = openApiDocument() as {
      info: { title: string; description: string; version: string };
      paths: never;
    };
    return c.html(
      <ApiDocsPage
        title={document.info.title}
        description={document.info.description}
        version={document.info.version}
        paths={document.paths}
        canonical={`${c.env.SITE_URL.replace(/\/+$/, "")}/api/docs`}
      />,
    );
  })
  .route("/providers", providersApi)
  .route("/gpu-models", gpuModelsApi)
  .route("/instances", instancesApi)
  .route("/", compare);

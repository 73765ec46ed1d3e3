import { apiKeysAdmin } from "./api-keys";
import { auditAdmin } from "./audit";
import { catalogAdmin } from "./catalog";
import { adminRoutes, requireAdmin } from "./core";
import { dashboardAdmin } from "./dashboard";
import { dlqAdmin } from "./dlq";
import { metricsAdmin } from "./metrics";
import { providerActionsAdmin } from "./provider-actions";
import { quarantineAdmin } from "./quarantine";
import { screenshotsAdmin } from "./screenshots";
import { storedScrapesAdmin } from "./stored-scrapes";
import { unmappedGpusAdmin } from "./unmapped-gpus";

// The admin API (docs/design.md §18), mounted at /admin inside the public API's OpenAPIHono, so
// that every route is in /api/openapi.json under the `admin` tag. Each part is its own file.
export const admin = adminRoutes()
  .use(requireAdmin)
  .route("/", apiKeysAdmin)
  .route("/", catalogAdmin)
  .route("/", providerActionsAdmin)
  .route("/", auditAdmin)
  .route("/", dlqAdmin)
  .route("/", metricsAdmin)
  .route("/", quarantineAdmin)
  .route("/", unmappedGpusAdmin)
  .route("/", screenshotsAdmin)
  .route("/", storedScrapesAdmin)
  .route("/", dashboardAdmin);

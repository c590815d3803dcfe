/**
 * Extension point of `GET /v1/projects/summary`: another module (tasks, pipelines, ...) adds its
 * counters to every project of the summary by providing a class that extends this one in its own
 * Nest module. The projects module discovers every such provider at start-up; nothing here has
 * to change when a contributor is added.
 *
 * `summarize` runs inside the request's tenant transaction (use TenantTransaction.manager) and
 * answers for the given projects of the current organization: project id → counters, e.g.
 * `{ open: 12, inProgress: 3 }`. Projects absent from the map get `null` counters. The counters
 * appear in the summary under `counters[key]`.
 */
export abstract class ProjectSummaryContributor {
  /** Stable name of the counter group in the summary, e.g. `tasks` or `pipelines`. */
  abstract readonly key: string;
  abstract summarize(projectIds: string[]): Promise<Map<string, Record<string, number | null>>>;
}

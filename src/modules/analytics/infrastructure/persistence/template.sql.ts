/** Runs per version of a template and their successes (template_version_usage: see the migrations). */
export const TEMPLATE_USAGE = `SELECT version_id, uses, successes FROM template_version_usage($1)`;

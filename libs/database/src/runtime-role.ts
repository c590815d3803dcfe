/**
 * The role every request and job runs as (`SET LOCAL ROLE` inside each transaction): neither
 * superuser nor BYPASSRLS, so row-level security applies whatever role the service connected as.
 * Created by the first migration.
 */
export const RUNTIME_ROLE = 'switchyard_app';

/** The organization with slug $1 (SECURITY DEFINER, migration TaskImports): the CLI names it before any tenant is known. */
export const ORGANIZATION_BY_SLUG = `select import_organization_by_slug($1) as id`;

/** A definition's head with its current version's spec ($1 organization; callers append conditions). */
export const DEFINITIONS_WITH_SPEC = `select d.id, d.project_id, d.repository_id, d.name, d.current_version, d.is_deployment, d.archived_at,
    d.version, d.created_at, d.updated_at, v.spec
  from pipeline_definitions d
  join pipeline_definition_versions v on v.organization_id = d.organization_id and v.definition_id = d.id and v.version = d.current_version
  where d.organization_id = $1`;

export const PROJECT_EXISTS = `select 1 from projects p where p.organization_id = $1 and p.id = $2`;
export const REPOSITORY_EXISTS = `select 1 from repositories r where r.organization_id = $1 and r.id = $2`;

export const DEFINITION_BY_ID = `${DEFINITIONS_WITH_SPEC} and d.id = $2`;
export const DEFINITION_BY_NAME = `${DEFINITIONS_WITH_SPEC} and d.project_id = $2 and lower(d.name) = lower($3)`;
export const DEFINITIONS_OF_REPOSITORY = `${DEFINITIONS_WITH_SPEC} and d.repository_id = $2 and d.archived_at is null order by d.created_at`;

/** Ranked full-text + fuzzy title search through knowledge_search() (SECURITY DEFINER, tenant-bound: see the migration). */
export const SEARCH_ARTICLES = `
  SELECT a.*, s.rank, s.title_similarity
  FROM knowledge_search($1, $2) s
  JOIN knowledge_articles a ON a.organization_id = $3 AND a.id = s.article_id
  ORDER BY s.rank + s.title_similarity DESC, a.id`;

/** Links that name no task / project of the tenant (read under RLS: another tenant's ids are missing too). */
export const MISSING_LINKS = `
  SELECT 'task' AS kind, l.link_id::text AS id FROM unnest($1::uuid[]) AS l(link_id)
  WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.organization_id = $3 AND t.id = l.link_id AND t.deleted_at IS NULL)
  UNION ALL
  SELECT 'project', l.link_id::text FROM unnest($2::uuid[]) AS l(link_id)
  WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.organization_id = $3 AND p.id = l.link_id)`;

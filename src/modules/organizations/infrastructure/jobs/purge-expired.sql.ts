/**
 * $1 refresh-token retention in days, $2 invitation retention in days. purge_expired_records is
 * SECURITY DEFINER (migration 1732240000000): it deletes across every organization, which no
 * tenant transaction could.
 */
export const PURGE_EXPIRED_SQL = `
  select refresh_tokens, invitations, idempotency_records
  from purge_expired_records(make_interval(days => $1), make_interval(days => $2))`;

export interface PurgeCountsRow {
  refresh_tokens: string;
  invitations: string;
  idempotency_records: string;
}

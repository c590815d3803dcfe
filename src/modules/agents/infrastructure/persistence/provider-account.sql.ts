/*
 * The provider accounts' shared state (ProviderAccountSqlRepository). One row per (organization,
 * account); every replica reads and writes the same row under its row lock, so the provider's
 * limits hold across processes.
 */

/** The account's row, created on first use, locked until the transaction ends. */
export const LOCK_ACCOUNT = `insert into agent_provider_accounts (organization_id, account_key) values ($1, $2)
  on conflict (organization_id, account_key) do update set account_key = excluded.account_key
  returning create_grants, read_grants, paused_until, consecutive_failures, circuit_open_until, now() as now`;

/** Writes the window of one kind back (grants older than the window already dropped by the caller). */
export const SET_GRANTS = (kind: 'create' | 'read') =>
  `update agent_provider_accounts set ${kind}_grants = $3::timestamptz[] where organization_id = $1 and account_key = $2`;

/** Half-open: the first admitted request after the cooldown is the probe; others wait one more cooldown. */
export const HOLD_CIRCUIT = `update agent_provider_accounts set circuit_open_until = $3 where organization_id = $1 and account_key = $2`;

export const RECORD_SUCCESS = `update agent_provider_accounts set consecutive_failures = 0, circuit_open_until = null
  where organization_id = $1 and account_key = $2 and (consecutive_failures > 0 or circuit_open_until is not null)`;

export const RECORD_FAILURE = `insert into agent_provider_accounts (organization_id, account_key, consecutive_failures) values ($1, $2, 1)
  on conflict (organization_id, account_key) do update set
    consecutive_failures = agent_provider_accounts.consecutive_failures + 1,
    circuit_open_until = case when agent_provider_accounts.consecutive_failures + 1 >= $3
      then now() + make_interval(secs => $4::float8 / 1000) else agent_provider_accounts.circuit_open_until end
  returning consecutive_failures, circuit_open_until is not null and circuit_open_until > now() as open`;

export const PAUSE = `insert into agent_provider_accounts (organization_id, account_key, paused_until) values ($1, $2, $3)
  on conflict (organization_id, account_key) do update set paused_until = greatest(agent_provider_accounts.paused_until, excluded.paused_until)`;

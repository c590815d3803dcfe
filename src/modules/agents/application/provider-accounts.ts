import { CircuitPolicy, RateWindow } from '../domain/rate-window';

export type BudgetKind = 'create' | 'read';

export type Admission = { admitted: true } | { admitted: false; reason: 'rate_limit' | 'paused' | 'circuit_open'; waitMs: number };

/**
 * The shared state of a provider account (every replica sees the same): the provider's rate
 * limits as sliding windows, a pause asked for by a 429's Retry-After, and the circuit breaker.
 * Runs inside the caller's tenant transaction; the row stays locked until it ends.
 */
export abstract class ProviderAccounts {
  /** Takes one request from the window of `kind` unless the account is paused, its circuit open, or the window full. */
  abstract admit(accountKey: string, kind: BudgetKind, window: RateWindow, circuit: CircuitPolicy): Promise<Admission>;
  abstract recordSuccess(accountKey: string): Promise<void>;
  /** Counts a failure; opens the circuit for `cooldownMs` once `threshold` failures follow each other. */
  abstract recordFailure(accountKey: string, threshold: number, cooldownMs: number): Promise<{ failures: number; circuitOpen: boolean }>;
  abstract pause(accountKey: string, untilMs: number): Promise<void>;
}

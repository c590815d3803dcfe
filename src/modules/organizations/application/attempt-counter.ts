/** A fixed window as counted so far. */
export interface AttemptWindow {
  count: number;
  /** Seconds until the window ends, rounded up. */
  secondsLeft: number;
}

/**
 * Port: fixed-window attempt counters, shared by every replica when the platform has Redis.
 * `count` increments atomically and answers the new count, so concurrent callers each see a
 * distinct value; `takeBack` undoes one count of the current window (never below zero).
 */
export abstract class AttemptCounter {
  abstract count(counter: string, key: string, limit: number, windowSeconds: number): Promise<AttemptWindow>;
  abstract takeBack(counter: string, key: string): Promise<void>;
}

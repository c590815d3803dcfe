export type Env = Record<string, string | undefined>;

/** A bad configuration: every problem found, so the operator fixes them in one go. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Typed reads of environment variables. A bad value is not thrown: it is added to `problems`
 * (and the fallback returned) so that one boot reports every problem at once. An empty value
 * counts as unset.
 *
 * Given `declared`, reading any other name is a programming error (thrown at once): a settings
 * declaration's list of variables is then exactly what its reader may read, which keeps that list
 * (and the README checked against it) honest. `names` records what was read.
 */
export class EnvReader {
  readonly names = new Set<string>();

  constructor(
    private readonly env: Env,
    readonly problems: string[],
    private readonly declared?: ReadonlySet<string>,
  ) {}

  string(name: string, fallback?: string): string | undefined {
    if (this.declared && !this.declared.has(name)) {
      throw new Error(`${name} is read but not declared among the settings' variables`);
    }
    this.names.add(name);
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  }

  /** A URL with one of `protocols` (e.g. `['postgres:', 'postgresql:']`), or undefined when unset. */
  optionalUrl(name: string, protocols: string[]): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (!protocols.includes(url.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      this.problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
  }
}

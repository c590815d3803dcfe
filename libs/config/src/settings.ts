import { ConfigFactoryKeyHost, registerAs } from '@nestjs/config';
import { ConfigurationError, Env, EnvReader } from './env-reader';

/** One environment variable: its default as README.md shows it (`—` for none) and what it means. */
export interface SettingVariable {
  default: string;
  meaning: string;
}

/**
 * The settings one owner (the platform, a lib, a module) reads from the environment: the
 * variables it knows, and how it parses them with an EnvReader that may read only those.
 */
export interface SettingsDeclaration<T = unknown> {
  /** The config area (the registerAs token); also names the owner in messages. */
  area: string;
  variables: Readonly<Record<string, SettingVariable>>;
  parse(read: EnvReader): T;
}

/** What registerAs gives (a factory with its injection KEY), plus the declaration behind it. */
export type SettingsFactory<T> = (() => T) & ConfigFactoryKeyHost<T> & { readonly declaration: SettingsDeclaration<T> };

// Every declaration in the process, filled as the files declaring them are imported: the boot
// check and SwitchyardConfigModule.forRoot() see every area without a list kept by hand here.
const declarations = new Map<string, SettingsDeclaration>();
const factories = new Map<string, SettingsFactory<any>>(); // each area has its own shape

/** Registers a declaration for the boot check and the docs test; the platform uses it directly. */
export function declareSettings<T>(declaration: SettingsDeclaration<T>): SettingsDeclaration<T> {
  for (const other of declarations.values()) {
    if (other.area === declaration.area) continue;
    const shared = Object.keys(declaration.variables).filter((name) => name in other.variables);
    if (shared.length) throw new Error(`settings "${declaration.area}" and "${other.area}" both declare ${shared.join(', ')}`);
  }
  declarations.set(declaration.area, declaration as SettingsDeclaration);
  return declaration;
}

/**
 * A module's (or lib's) own settings: declared beside its code, checked at boot with everything
 * else, and injected like any config area:
 * `@Inject(analysisConfig.KEY) config: ConfigType<typeof analysisConfig>`.
 */
export function defineSettings<T extends Record<string, unknown>>(declaration: SettingsDeclaration<T>): SettingsFactory<T> {
  declareSettings(declaration);
  const factory = Object.assign(
    registerAs(declaration.area, () => readSettings(declaration)),
    { declaration },
  );
  factories.set(declaration.area, factory);
  return factory;
}

/** Parses one declaration from `env`; throws ConfigurationError listing its problems. */
export function readSettings<T>(declaration: SettingsDeclaration<T>, env: Env = process.env): T {
  const read = readerFor(declaration, env, []);
  const value = declaration.parse(read);
  if (read.problems.length > 0) throw new ConfigurationError(read.problems);
  return value;
}

/** Reads every declared area once; throws one ConfigurationError listing every problem of all of them. */
export function checkSettings(env: Env = process.env): void {
  const problems: string[] = [];
  for (const declaration of declarations.values()) declaration.parse(readerFor(declaration, env, problems));
  if (problems.length > 0) throw new ConfigurationError(problems);
}

/** Every declaration so far (the platform's and each defineSettings'): what the process reads. */
export function declaredSettings(): SettingsDeclaration[] {
  return [...declarations.values()];
}

/** The config factories of every defineSettings so far, for the config module to load. */
export function settingsFactories(): Array<SettingsFactory<Record<string, unknown>>> {
  return [...factories.values()];
}

export function readerFor(declaration: SettingsDeclaration<unknown>, env: Env, problems: string[]): EnvReader {
  return new EnvReader(env, problems, new Set(Object.keys(declaration.variables)));
}

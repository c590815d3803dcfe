import { FieldError } from '@switchyard/core';
import { InvalidDefinitionError, InvalidInputsError } from './pipelines.errors';

/** Documented limits of a definition. */
export const MAX_STEPS = 100;
export const MAX_NEEDS = 50;
export const MAX_SCHEDULES = 10;
export const MAX_INPUTS = 25;
export const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
export const DEFAULT_STEP_TIMEOUT_SECONDS = 3600;
export const DEFAULT_PIPELINE_TIMEOUT_SECONDS = 6 * 3600;
export const MAX_ATTEMPTS = 10;
export const CONCURRENCY_POLICIES = ['limit', 'queue', 'cancel-in-progress'] as const;
export const INPUT_TYPES = ['string', 'number', 'boolean', 'choice'] as const;

export type ConcurrencyPolicy = (typeof CONCURRENCY_POLICIES)[number];
export type InputType = (typeof INPUT_TYPES)[number];

export interface StepSpec {
  key: string;
  name: string;
  stage?: string;
  command?: string;
  uses?: string;
  image?: string;
  env: Record<string, string>;
  timeoutSeconds: number;
  needs: string[];
  labels: string[];
  retry: { maxAttempts: number; exitCodes: number[] };
}

export interface InputSpec {
  type: InputType;
  required: boolean;
  default?: string | number | boolean;
  options?: string[];
  description?: string;
}

export interface PipelineSpec {
  stages: string[];
  steps: StepSpec[];
  triggers: {
    push?: { branches: string[] };
    pullRequest?: { branches: string[] };
    schedule: string[];
    manual?: { inputs: Record<string, InputSpec> };
  };
  /** `group` may use `${branch}` and `${pipeline}`. */
  concurrency?: { group: string; policy: ConcurrencyPolicy; limit: number; maxQueued: number };
  timeoutSeconds: number;
  deployment: boolean;
  environment?: string;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$/;
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Env names whose values look like secrets are refused: secrets live in the integrations' vault, not in definitions. */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|CREDENTIAL)/i;

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a definition as clients send it (untrusted JSON) and answers the normalised spec, or
 * throws InvalidDefinitionError listing every problem with its path: unknown fields, a `needs`
 * naming no step, a cycle (the path of the loop), more than MAX_STEPS steps, an invalid cron.
 * `isCron` checks a cron expression (the application passes the scheduler's parser).
 */
export function validatePipelineSpec(input: Json, isCron: (expression: string) => boolean): PipelineSpec {
  const problems: FieldError[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  const spec = readSpec(input, isCron, fail);
  if (problems.length) throw new InvalidDefinitionError(problems);
  const cycle = findCycle(spec.steps);
  if (cycle) {
    const index = spec.steps.findIndex((s) => s.key === cycle[0]);
    throw new InvalidDefinitionError([{ field: `spec.steps[${index}].needs`, message: `form a cycle: ${cycle.join(' → ')}` }]);
  }
  return spec;
}

function readSpec(input: Json, isCron: (e: string) => boolean, fail: (field: string, message: string) => void): PipelineSpec {
  const at = 'spec';
  const empty: PipelineSpec = { stages: [], steps: [], triggers: { schedule: [] }, timeoutSeconds: DEFAULT_PIPELINE_TIMEOUT_SECONDS, deployment: false };
  if (!isObject(input)) {
    fail(at, 'must be an object');
    return empty;
  }
  unknownFields(input, ['stages', 'steps', 'triggers', 'concurrency', 'timeoutSeconds', 'deployment', 'environment'], at, fail);
  const stages = stringList(input.stages, `${at}.stages`, fail, KEY, 50) ?? [];
  const timeoutSeconds = integer(input.timeoutSeconds, `${at}.timeoutSeconds`, fail, 1, MAX_TIMEOUT_SECONDS) ?? DEFAULT_PIPELINE_TIMEOUT_SECONDS;
  const deployment = input.deployment === undefined ? false : input.deployment === true;
  if (input.deployment !== undefined && typeof input.deployment !== 'boolean') fail(`${at}.deployment`, 'must be a boolean');
  const environment = optionalString(input.environment, `${at}.environment`, fail, 100);

  const steps: StepSpec[] = [];
  if (!Array.isArray(input.steps) || input.steps.length === 0) fail(`${at}.steps`, 'must be a non-empty array');
  else if (input.steps.length > MAX_STEPS) fail(`${at}.steps`, `must have at most ${MAX_STEPS} steps (has ${input.steps.length})`);
  else input.steps.forEach((raw, i) => steps.push(readStep(raw, `${at}.steps[${i}]`, stages, fail)));

  const keys = new Map<string, number>();
  steps.forEach((step, i) => {
    if (!step.key) return;
    if (keys.has(step.key)) fail(`${at}.steps[${i}].key`, `"${step.key}" is already the key of steps[${keys.get(step.key)}]`);
    else keys.set(step.key, i);
  });
  steps.forEach((step, i) =>
    step.needs.forEach((need, j) => {
      if (!keys.has(need)) fail(`${at}.steps[${i}].needs[${j}]`, `names no step ("${need}")`);
      else if (need === step.key) fail(`${at}.steps[${i}].needs[${j}]`, 'a step cannot need itself');
    }),
  );

  const triggers = readTriggers(input.triggers, `${at}.triggers`, isCron, fail);
  let concurrency: PipelineSpec['concurrency'];
  if (input.concurrency !== undefined) {
    const c = input.concurrency;
    const cat = `${at}.concurrency`;
    if (!isObject(c)) fail(cat, 'must be an object');
    else {
      unknownFields(c, ['group', 'policy', 'limit', 'maxQueued'], cat, fail);
      const group = optionalString(c.group, `${cat}.group`, fail, 200);
      if (!group) fail(`${cat}.group`, 'is required');
      const policy = c.policy === undefined ? 'limit' : c.policy;
      if (!CONCURRENCY_POLICIES.includes(policy as ConcurrencyPolicy)) fail(`${cat}.policy`, `must be one of ${CONCURRENCY_POLICIES.join(', ')}`);
      const limit = integer(c.limit, `${cat}.limit`, fail, 1, 1000) ?? 1;
      const maxQueued = integer(c.maxQueued, `${cat}.maxQueued`, fail, 0, 10_000) ?? (policy === 'queue' ? 1 : 10_000);
      if (policy === 'cancel-in-progress' && limit !== 1) fail(`${cat}.limit`, 'must be 1 with cancel-in-progress');
      concurrency = { group: group ?? '', policy: policy as ConcurrencyPolicy, limit, maxQueued };
    }
  }
  return { stages, steps, triggers, concurrency, timeoutSeconds, deployment, ...(environment ? { environment } : {}) };
}

function readStep(raw: Json, at: string, stages: string[], fail: (field: string, message: string) => void): StepSpec {
  const step: StepSpec = {
    key: '',
    name: '',
    env: {},
    timeoutSeconds: DEFAULT_STEP_TIMEOUT_SECONDS,
    needs: [],
    labels: [],
    retry: { maxAttempts: 1, exitCodes: [] },
  };
  if (!isObject(raw)) {
    fail(at, 'must be an object');
    return step;
  }
  unknownFields(raw, ['key', 'name', 'stage', 'command', 'uses', 'image', 'env', 'timeoutSeconds', 'needs', 'labels', 'retry'], at, fail);
  if (typeof raw.key !== 'string' || !KEY.test(raw.key)) fail(`${at}.key`, 'must be 1–100 letters, digits, "_", "-" or "."');
  else step.key = raw.key;
  step.name = optionalString(raw.name, `${at}.name`, fail, 200) ?? step.key;
  step.stage = optionalString(raw.stage, `${at}.stage`, fail, 100);
  if (step.stage && stages.length && !stages.includes(step.stage)) fail(`${at}.stage`, `names no stage ("${step.stage}")`);
  step.command = optionalString(raw.command, `${at}.command`, fail, 100_000);
  step.uses = optionalString(raw.uses, `${at}.uses`, fail, 500);
  if (!step.command === !step.uses) fail(at, 'needs exactly one of command or uses');
  step.image = optionalString(raw.image, `${at}.image`, fail, 500);
  if (raw.env !== undefined) {
    if (!isObject(raw.env) || Object.keys(raw.env).length > 100) fail(`${at}.env`, 'must be an object of at most 100 strings');
    else
      for (const [name, value] of Object.entries(raw.env)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) fail(`${at}.env.${name}`, 'is not a valid variable name');
        else if (SECRET_NAME.test(name)) fail(`${at}.env.${name}`, 'looks like a secret: reference a secret of the runner instead of writing it here');
        else if (typeof value !== 'string' || value.length > 10_000) fail(`${at}.env.${name}`, 'must be a string of at most 10,000 characters');
        else step.env[name] = value;
      }
  }
  step.timeoutSeconds = integer(raw.timeoutSeconds, `${at}.timeoutSeconds`, fail, 1, MAX_TIMEOUT_SECONDS) ?? DEFAULT_STEP_TIMEOUT_SECONDS;
  step.needs = stringList(raw.needs, `${at}.needs`, fail, undefined, MAX_NEEDS) ?? [];
  step.labels = stringList(raw.labels, `${at}.labels`, fail, LABEL, 20) ?? [];
  if (raw.retry !== undefined) {
    if (!isObject(raw.retry)) fail(`${at}.retry`, 'must be an object');
    else {
      unknownFields(raw.retry, ['maxAttempts', 'exitCodes'], `${at}.retry`, fail);
      step.retry.maxAttempts = integer(raw.retry.maxAttempts, `${at}.retry.maxAttempts`, fail, 1, MAX_ATTEMPTS) ?? 1;
      const codes = raw.retry.exitCodes;
      if (codes !== undefined && (!Array.isArray(codes) || codes.length > 50 || !codes.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)))
        fail(`${at}.retry.exitCodes`, 'must be at most 50 exit codes (0–255)');
      else if (codes) step.retry.exitCodes = codes as number[];
    }
  }
  return step;
}

function readTriggers(raw: Json, at: string, isCron: (e: string) => boolean, fail: (field: string, message: string) => void): PipelineSpec['triggers'] {
  const triggers: PipelineSpec['triggers'] = { schedule: [] };
  if (raw === undefined) return { schedule: [], manual: { inputs: {} } };
  if (!isObject(raw)) {
    fail(at, 'must be an object');
    return triggers;
  }
  unknownFields(raw, ['push', 'pullRequest', 'schedule', 'manual'], at, fail);
  for (const kind of ['push', 'pullRequest'] as const) {
    const value = raw[kind];
    if (value === undefined) continue;
    if (!isObject(value)) fail(`${at}.${kind}`, 'must be an object');
    else {
      unknownFields(value, ['branches'], `${at}.${kind}`, fail);
      triggers[kind] = { branches: stringList(value.branches, `${at}.${kind}.branches`, fail, undefined, 50) ?? ['**'] };
    }
  }
  if (raw.schedule !== undefined) {
    if (!Array.isArray(raw.schedule) || raw.schedule.length > MAX_SCHEDULES)
      fail(`${at}.schedule`, `must be an array of at most ${MAX_SCHEDULES} cron expressions`);
    else
      raw.schedule.forEach((cron, i) => {
        if (typeof cron !== 'string' || cron.length > 100 || !isCron(cron))
          fail(`${at}.schedule[${i}]`, 'is not a valid cron expression (e.g. "0 3 * * *", UTC)');
        else triggers.schedule.push(cron);
      });
  }
  if (raw.manual !== undefined) {
    const manual = raw.manual;
    if (!isObject(manual)) fail(`${at}.manual`, 'must be an object');
    else {
      unknownFields(manual, ['inputs'], `${at}.manual`, fail);
      const inputs: Record<string, InputSpec> = {};
      if (manual.inputs !== undefined && (!isObject(manual.inputs) || Object.keys(manual.inputs).length > MAX_INPUTS))
        fail(`${at}.manual.inputs`, `must be an object of at most ${MAX_INPUTS} inputs`);
      else
        for (const [name, def] of Object.entries((manual.inputs as Record<string, Json>) ?? {})) {
          const iat = `${at}.manual.inputs.${name}`;
          if (!INPUT_NAME.test(name)) fail(iat, 'is not a valid input name');
          else if (!isObject(def)) fail(iat, 'must be an object');
          else {
            unknownFields(def, ['type', 'required', 'default', 'options', 'description'], iat, fail);
            if (!INPUT_TYPES.includes(def.type as InputType)) fail(`${iat}.type`, `must be one of ${INPUT_TYPES.join(', ')}`);
            const input: InputSpec = { type: def.type as InputType, required: def.required === true };
            if (def.type === 'choice') {
              const options = stringList(def.options, `${iat}.options`, fail, undefined, 100);
              if (!options?.length) fail(`${iat}.options`, 'a choice needs at least one option');
              else input.options = options;
            }
            if (def.default !== undefined) {
              const problem = checkInputValue(input, def.default);
              if (problem) fail(`${iat}.default`, problem);
              else input.default = def.default as InputSpec['default'];
            }
            input.description = optionalString(def.description, `${iat}.description`, fail, 1000);
            if (!input.description) delete input.description;
            inputs[name] = input;
          }
        }
      triggers.manual = { inputs };
    }
  }
  return triggers;
}

/** The inputs of a manual trigger, type-checked against its declaration, defaults filled in. */
export function resolveInputs(spec: PipelineSpec, given: Record<string, unknown>): Record<string, string | number | boolean> {
  const declared = spec.triggers.manual?.inputs ?? {};
  const problems: FieldError[] = [];
  const resolved: Record<string, string | number | boolean> = {};
  for (const name of Object.keys(given)) if (!(name in declared)) problems.push({ field: `inputs.${name}`, message: 'is not an input of this pipeline' });
  for (const [name, input] of Object.entries(declared)) {
    const value = given[name] ?? input.default;
    if (value === undefined) {
      if (input.required) problems.push({ field: `inputs.${name}`, message: 'is required' });
      continue;
    }
    const problem = checkInputValue(input, value);
    if (problem) problems.push({ field: `inputs.${name}`, message: problem });
    else resolved[name] = value as string | number | boolean;
  }
  if (problems.length) throw new InvalidInputsError(problems);
  return resolved;
}

function checkInputValue(input: InputSpec, value: unknown): string | undefined {
  switch (input.type) {
    case 'string':
      return typeof value === 'string' && value.length <= 10_000 ? undefined : 'must be a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean';
    case 'choice':
      return typeof value === 'string' && (input.options ?? []).includes(value) ? undefined : `must be one of ${(input.options ?? []).join(', ')}`;
    default:
      return 'has an unknown type';
  }
}

/** A loop of `needs` as step keys (first key repeated at the end), or undefined for a DAG. */
export function findCycle(steps: Array<Pick<StepSpec, 'key' | 'needs'>>): string[] | undefined {
  const needs = new Map(steps.map((s) => [s.key, s.needs]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (key: string): string[] | undefined => {
    if (state.get(key) === 'done') return undefined;
    if (state.get(key) === 'visiting') return [...path.slice(path.indexOf(key)), key];
    state.set(key, 'visiting');
    path.push(key);
    for (const need of needs.get(key) ?? []) {
      if (!needs.has(need)) continue;
      const cycle = visit(need);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(key, 'done');
    return undefined;
  };
  for (const step of steps) {
    const cycle = visit(step.key);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Whether a branch matches a trigger's patterns (`*` within a segment, `**` across segments). */
export function branchMatches(patterns: string[], branch: string): boolean {
  return patterns.some((pattern) => globToRegExp(pattern).test(branch));
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The concurrency group of an execution: the template with `${branch}` and `${pipeline}` filled in. */
export function concurrencyGroupOf(spec: PipelineSpec, pipelineId: string, branch: string | null): string | null {
  if (!spec.concurrency) return null;
  return spec.concurrency.group
    .replaceAll('${branch}', branch ?? '')
    .replaceAll('${pipeline}', pipelineId)
    .slice(0, 400);
}

function unknownFields(value: Record<string, Json>, known: string[], at: string, fail: (f: string, m: string) => void) {
  for (const key of Object.keys(value)) if (!known.includes(key)) fail(`${at}.${key}`, 'is not a known field');
}

function optionalString(value: Json, at: string, fail: (f: string, m: string) => void, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > max || value.includes('\u0000')) {
    fail(at, `must be a string of 1–${max} characters`);
    return undefined;
  }
  return value;
}

function integer(value: Json, at: string, fail: (f: string, m: string) => void, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(at, `must be an integer from ${min} to ${max}`);
    return undefined;
  }
  return value;
}

function stringList(value: Json, at: string, fail: (f: string, m: string) => void, pattern: RegExp | undefined, max: number): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > max) {
    fail(at, `must be an array of at most ${max} strings`);
    return undefined;
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0 || item.length > 255 || (pattern && !pattern.test(item))) fail(`${at}[${i}]`, 'is not a valid value');
    else out.push(item);
  });
  return out;
}

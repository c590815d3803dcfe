import type { OpenAPIV3 } from 'openapi-types';

/**
 * Reading the served OpenAPI document for the abuse sweep (test/platform/abuse-sweep.e2e-spec.ts):
 * the operations it lists, their parameters and body schemas, and values built from those
 * schemas (a plausible one from the examples, wrong-typed ones). Nothing here knows a route:
 * whatever the document says is what gets swept.
 */

export type Schema = OpenAPIV3.SchemaObject;

export interface Operation {
  method: string;
  path: string;
  /** `GET /v1/tasks/{id}`: what failures print. */
  route: string;
  secured: boolean;
  pathParameters: string[];
  queryParameters: OpenAPIV3.ParameterObject[];
  /** The resolved application/json body schema, when the operation takes one. */
  body?: Schema;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

export function operationsOf(document: OpenAPIV3.Document): Operation[] {
  const resolve = resolverOf(document);
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item?.[method]).map((method) => {
      const operation = item![method]!;
      const parameters = [...(item!.parameters ?? []), ...(operation.parameters ?? [])] as OpenAPIV3.ParameterObject[];
      const content = (operation.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content?.['application/json'];
      return {
        method: method.toUpperCase(),
        path,
        route: `${method.toUpperCase()} ${path}`,
        secured: Boolean(operation.security?.length),
        pathParameters: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParameters: parameters.filter((p) => p.in === 'query').map((p) => ({ ...p, schema: resolve(p.schema) })),
        body: content?.schema ? resolve(content.schema) : undefined,
      };
    }),
  );
}

/** `$ref`s and a single-member `allOf` (how Swagger writes a nullable or described `$ref`) replaced by the schema they name. */
export function resolverOf(document: OpenAPIV3.Document) {
  const resolve = (schema: Schema | OpenAPIV3.ReferenceObject | undefined): Schema => {
    if (!schema) return {};
    if ('$ref' in schema) return resolve(document.components!.schemas![schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length === 1) return { ...resolve(schema.allOf[0]), nullable: schema.nullable };
    return schema;
  };
  return resolve;
}

/** The path parameters in order, with the collection segment written before each: `/v1/tasks/{id}/relations/{relationId}` → tasks:id, relations:relationId. */
export function parametersWithCollections(path: string): Array<{ name: string; collection: string }> {
  const segments = path.split('/');
  return segments.flatMap((segment, i) => (/^\{.+\}$/.test(segment) ? [{ name: segment.slice(1, -1), collection: segments[i - 1] ?? '' }] : []));
}

/** The path with each parameter replaced by its value (URL-encoded unless `raw`: a malformed id is sent as written). */
export function fillPath(path: string, values: Record<string, { value: string; raw?: boolean }>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const entry = values[name];
    if (!entry) throw new Error(`no value for path parameter {${name}} of ${path}`);
    return entry.raw ? entry.value : encodeURIComponent(entry.value);
  });
}

/**
 * A value the schema accepts, as far as the document says: its example, default or first enum
 * value, else a placeholder of its type. Objects get their required properties only, so a body
 * built this way passes validation more often than one stuffed with every optional field.
 */
export function plausibleValue(schema: Schema, resolve: (s: Schema | OpenAPIV3.ReferenceObject | undefined) => Schema): unknown {
  const s = resolve(schema);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'date-time') return '2030-01-01T00:00:00Z';
      if (s.format === 'date') return '2030-01-01';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'number':
    case 'integer':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array': {
      const item = plausibleValue(s.items as Schema, resolve);
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => item);
    }
    default: {
      const entries = (s.required ?? []).map((name) => [name, plausibleValue(s.properties![name] as Schema, resolve)]);
      return Object.fromEntries(entries);
    }
  }
}

/** Values of the wrong type for a property: a number for a string, a string for a number, an object for an array... */
export function wrongTypedValues(schema: Schema): Array<{ label: string; value: unknown }> {
  const type = schema.type ?? (schema.enum ? 'string' : 'object');
  switch (type) {
    case 'string':
      return [
        { label: 'number for string', value: 12345 },
        { label: 'object for string', value: { a: 1 } },
        { label: 'array for string', value: ['a'] },
      ];
    case 'number':
    case 'integer':
      return [
        { label: 'string for number', value: 'abc' },
        { label: 'numeric string for number', value: '1' },
        { label: 'object for number', value: { a: 1 } },
      ];
    case 'boolean':
      return [
        { label: 'string for boolean', value: 'true' },
        { label: 'number for boolean', value: 1 },
      ];
    case 'array':
      return [
        { label: 'object for array', value: { a: 1 } },
        { label: 'string for array', value: 'a,b' },
        { label: 'array of wrong items', value: [{ a: [1] }, 7, null] },
      ];
    default:
      return [
        { label: 'string for object', value: 'x' },
        { label: 'array for object', value: [1, 2] },
        { label: 'number for object', value: 7 },
      ];
  }
}

/** Query values of the wrong type for a parameter, as they appear in a query string (already encoded). */
export function wrongQueryValues(name: string, schema: Schema): Array<{ label: string; query: string }> {
  const type = schema.type ?? 'string';
  const item = (schema.type === 'array' ? schema.items : schema) as Schema;
  const wrong: string[] = [];
  if (type === 'number' || type === 'integer') wrong.push('abc', '1.5', '-1', '1e400', '99999999999999999999');
  if (type === 'boolean') wrong.push('maybe', '2');
  if (item.enum) wrong.push('no-such-value');
  if (item.format === 'uuid') wrong.push('not-a-uuid');
  if (item.format === 'date' || item.format === 'date-time') wrong.push('yesterday', '2030-13-45');
  if (type === 'string' && !item.enum && !item.format) wrong.push(''); // an empty value where text is expected
  const encoded = encodeURIComponent(name);
  return [
    ...wrong.map((value) => ({ label: `wrong value ${JSON.stringify(value)}`, query: `${encoded}=${encodeURIComponent(value)}` })),
    { label: 'repeated (an array where one value is expected)', query: `${encoded}=a&${encoded}=b` },
    { label: 'huge value', query: `${encoded}=${'9'.repeat(10_000)}` },
    { label: 'NUL byte', query: `${encoded}=%00` },
    { label: 'bracket syntax (object)', query: `${encoded}[a]=1` },
  ];
}

/** An array nested `depth` levels deep: `[[[...]]]`, built without recursion. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

/** Where a body holds an id: the path to it inside the value and the field's name (`tasks.0.projectId` → projectId). */
export interface IdSlot {
  path: Array<string | number>;
  field: string;
  many: boolean;
}

/** Every uuid-typed field of a body schema, in nested objects and in the first item of arrays. */
export function idSlots(
  schema: Schema,
  resolve: (s: Schema | OpenAPIV3.ReferenceObject | undefined) => Schema,
  path: Array<string | number> = [],
  depth = 0,
): IdSlot[] {
  const s = resolve(schema);
  if (depth > 4) return [];
  if (s.type === 'array') {
    const item = resolve(s.items);
    if (item.format === 'uuid') return [{ path, field: String(path[path.length - 1] ?? ''), many: true }];
    return idSlots(item, resolve, [...path, 0], depth + 1);
  }
  if (s.format === 'uuid') return [{ path, field: String(path[path.length - 1] ?? ''), many: false }];
  return Object.entries(s.properties ?? {}).flatMap(([name, property]) => idSlots(property as Schema, resolve, [...path, name], depth + 1));
}

/** A copy of `value` with `replacement` written at `path`, creating objects and arrays on the way. */
export function setAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  const container: any = Array.isArray(value) ? [...value] : typeof head === 'number' ? [] : { ...(value as object) };
  container[head] = setAt(container[head], rest, replacement);
  return container;
}

export function hasPath(value: unknown, path: Array<string | number>): boolean {
  let current: any = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(key in current)) return false;
    current = current[key];
  }
  return true;
}

/** A field of a body, top-level or nested (`phases.0.name`), with the containers that must exist for it to be read. */
export interface BodyField {
  path: Array<string | number>;
  schema: Schema;
  containers: Array<{ path: Array<string | number>; schema: Schema }>;
}

/** Every property of a body schema, descending into nested objects and the first item of arrays of objects (bounded depth). */
export function fieldsOf(schema: Schema, resolve: (s: Schema | OpenAPIV3.ReferenceObject | undefined) => Schema, maxDepth = 3): BodyField[] {
  const walk = (s: Schema, path: Array<string | number>, containers: BodyField['containers'], depth: number): BodyField[] =>
    Object.entries(s.properties ?? {}).flatMap(([name, raw]) => {
      const property = resolve(raw);
      const here = [...path, name];
      const own: BodyField = { path: here, schema: property, containers };
      if (depth >= maxDepth) return [own];
      if (property.type === 'array') {
        const item = resolve(property.items);
        return item.properties ? [own, ...walk(item, [...here, 0], [...containers, { path: here, schema: property }], depth + 1)] : [own];
      }
      return property.properties ? [own, ...walk(property, here, [...containers, { path: here, schema: property }], depth + 1)] : [own];
    });
  return walk(resolve(schema), [], [], 1);
}

/** Numbers no column should have to hold: past 32-bit and 64-bit integers, fractions where integers are expected. */
export function outOfRangeNumbers(): Array<{ label: string; value: number }> {
  return [
    { label: 'above 2^31', value: 2_147_483_648 },
    { label: 'below -2^31', value: -2_147_483_649 },
    { label: 'above 2^63', value: 1e20 },
    { label: '1e308', value: 1e308 },
    { label: 'a fraction', value: 1.5 },
  ];
}

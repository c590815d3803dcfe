import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema, getSchemaPath, OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export const PROBLEM_JSON = 'application/problem+json';

@ApiSchema({ name: 'ProblemFieldError' })
export class ProblemFieldErrorSchema {
  @ApiProperty({ example: 'version', description: 'The field, as a path for nested ones (`tasks.0.title`)' })
  field: string;

  @ApiProperty({ example: 'version is required' })
  message: string;
}

/**
 * The OpenAPI description of `Problem` (problem.ts): RFC 9457 members plus Switchyard's. Other
 * extension members (`constraint`, `expectedVersion`, `retryAfterSeconds`…) depend on the code.
 */
@ApiSchema({ name: 'Problem', description: 'An RFC 9457 problem document; extension members depend on `code`' })
export class ProblemSchema {
  @ApiProperty({ format: 'uri', example: 'https://switchyard.dev/problems/common-validation-failed' })
  type: string;

  @ApiProperty({ example: 'Bad Request', description: 'The HTTP status phrase' })
  title: string;

  @ApiProperty({ type: 'integer', example: 400 })
  status: number;

  @ApiProperty({ example: 'The request is not valid', description: 'For humans; match on `code`' })
  detail: string;

  @ApiProperty({ example: 'COMMON.VALIDATION_FAILED', description: 'Stable and documented: what a client matches on' })
  code: string;

  @ApiPropertyOptional({ example: '/v1/tasks/0b9f4f64-3c35-4d4e-8b61-9b1f0e0f6a55', description: 'The request path' })
  instance?: string;

  @ApiPropertyOptional({ example: '6f1c9c1e-1f7e-4f44-b0a2-1f2b8f6f0a11', description: 'Also in the X-Request-Id header and the logs' })
  requestId?: string;

  @ApiPropertyOptional({ type: [ProblemFieldErrorSchema], description: 'On 400 `COMMON.VALIDATION_FAILED`: one entry per failed rule' })
  errors?: ProblemFieldErrorSchema[];
}

/** Spread into @ApiProperty for a value that is free-form JSON on purpose (metadata, settings…). */
export const FREE_FORM_JSON = { type: 'object', additionalProperties: true } as const;

/**
 * Spread into @ApiProperty for a value that may be any JSON (a field's old value in a history
 * entry): a string, number, boolean, free-form object or an array of those, or null.
 */
const JSON_SCALAR_OR_OBJECT: SchemaObject[] = [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { ...FREE_FORM_JSON }];
export const ANY_JSON_VALUE: Pick<SchemaObject, 'nullable' | 'oneOf'> = {
  nullable: true,
  oneOf: [...JSON_SCALAR_OR_OBJECT, { type: 'array', items: { oneOf: JSON_SCALAR_OR_OBJECT } }],
};

/** Spread into @ApiProperty for an object mapping names to values of one type. */
export const mapOf = (type: 'boolean' | 'string' | 'number' | 'integer') => ({ type: 'object', additionalProperties: { type } }) as const;

/**
 * One documented error answer: an application/problem+json `Problem`, optionally with extension
 * members of its own (e.g. the `items` of a rejected batch).
 */
export const ApiProblem = (status: number, description: string, extension?: Record<string, SchemaObject | ReferenceObject>) =>
  applyDecorators(
    ApiExtraModels(ProblemSchema, ProblemFieldErrorSchema),
    ApiResponse({
      status,
      description,
      content: {
        [PROBLEM_JSON]: {
          schema: extension
            ? { allOf: [{ $ref: getSchemaPath(ProblemSchema) }, { type: 'object', properties: extension }] }
            : { $ref: getSchemaPath(ProblemSchema) },
        },
      },
    }),
  );

const COMMON = {
  '400': 'Malformed JSON, a body that is not an object or nested too deep, the NUL character, unknown fields or invalid values; `errors` lists the fields',
  '404': 'No such record in your organization',
  '409': 'Duplicate, stale `version`, or a conflicting state',
  '422': 'Well-formed but breaks a business rule',
} as const;

/** The error answers most routes share, documented once. */
export const ApiProblems = (...kinds: Array<keyof typeof COMMON>) => applyDecorators(...kinds.map((kind) => ApiProblem(Number(kind), COMMON[kind])));

const INPUT_RULES_400 =
  'The request breaks the input rules: malformed JSON, a body that is not an object, nesting deeper than 64 levels, ' +
  'the NUL character (U+0000) in a value, key or parameter, unknown fields or invalid values; `errors` lists the fields';
const INPUT_RULES_415 = 'The body is not JSON in UTF-8 (`Content-Type: application/json`, no other charset)';

/**
 * The input rules (input-rules.ts) hold for every route, so their answers are added to the
 * document once here rather than on each handler: 415 wherever a body is accepted, and 400
 * wherever a body or a parameter is read (kept as is where the route documents its own 400).
 */
export function documentInputRuleProblems(document: OpenAPIObject): void {
  const problem = (description: string) => ({ description, content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemSchema) } } } });
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.patch, item.delete]) {
      if (!operation) continue;
      if (operation.requestBody) operation.responses['415'] ??= problem(INPUT_RULES_415);
      if (operation.requestBody || operation.parameters?.length) operation.responses['400'] ??= problem(INPUT_RULES_400);
    }
  }
}

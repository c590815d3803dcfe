import { applyDecorators, Param, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldError, ValidationFailedError } from '@switchyard/core';
import { IsInt, IsOptional, Min } from 'class-validator';

/**
 * One entry per failed rule, except for an absent required field: that is one entry saying it is
 * required (its range and type rules failing too would only mislead). JSON has no `undefined`, so
 * an undefined value is a field the request left out; an optional one is skipped before this.
 */
function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length && error.value === undefined) return [{ field, message: `${error.property} is required` }];
    const own = messages.map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'is not a known field'),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Bodies, queries and params are validated against their DTO; unknown fields are refused. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // The value is read only to tell a missing field from a wrong one; it never reaches the answer.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}

/** A path parameter that must be a UUID: anything else is a 400 naming the parameter. */
export const IdParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => new ValidationFailedError([{ field: name, message: 'must be a UUID' }]) }));

/**
 * The `version` field of a request body: the version the client read, for optimistic
 * concurrency (a stale one answers 409 COMMON.STALE_VERSION). Optional where the change may
 * also be made unconditionally.
 */
export function ExpectedVersion(options: { optional?: boolean; description?: string } = {}): PropertyDecorator {
  const description = options.description ?? 'The version you read; a stale one answers 409';
  // Listed bottom-up, as stacked decorators apply: the same order of error messages as
  // `@IsInt() @Min(1)` written out on the field.
  return options.optional
    ? applyDecorators(Min(1), IsInt(), IsOptional(), ApiPropertyOptional({ example: 3, description }))
    : applyDecorators(Min(1), IsInt(), ApiProperty({ example: 3, description }));
}

import { Param, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '@switchyard/core';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
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
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}

/** A path parameter that must be a UUID: anything else is a 400 naming the parameter. */
export const IdParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({ exceptionFactory: () => new ValidationFailedError([{ field: name, message: 'must be a UUID' }]) }),
  );

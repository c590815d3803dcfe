import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';

/** The error answers most routes share, documented once. Each is an application/problem+json body. */
export const ApiProblems = (...kinds: Array<'400' | '404' | '409' | '422'>) =>
  applyDecorators(
    ...kinds.map((kind) => {
      switch (kind) {
        case '400':
          return ApiBadRequestResponse({ description: 'Malformed JSON, unknown fields or invalid values; `errors` lists the fields' });
        case '404':
          return ApiNotFoundResponse({ description: 'No such record in your organization' });
        case '409':
          return ApiConflictResponse({ description: 'Duplicate, stale `version`, or a conflicting state' });
        case '422':
          return ApiUnprocessableEntityResponse({ description: 'Well-formed but breaks a business rule' });
      }
    }),
  );

import { ArgumentMetadata } from '@nestjs/common';
import { ValidationFailedError } from '@switchyard/core';
import { IsInt, IsOptional, Min } from 'class-validator';
import { createValidationPipe, ExpectedVersion } from './validation';

class WrittenOut {
  @IsInt()
  @Min(1)
  version: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  since?: number;
}

class Shared {
  @ExpectedVersion() version: number;
  @ExpectedVersion({ optional: true }) since?: number;
}

async function fieldErrors(metatype: new () => unknown, body: unknown) {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype } as ArgumentMetadata);
    return [];
  } catch (error) {
    return (error as ValidationFailedError).fieldErrors ?? [];
  }
}

describe('@ExpectedVersion()', () => {
  it.each([{}, { version: 0 }, { version: 1.5 }, { version: '2' }, { version: 1, since: 0 }, { version: 1, since: 'x' }, { version: 1 }, { version: 2, since: 1 }])(
    'validates %j exactly like @IsInt() @Min(1) written out (same messages, same order)',
    async (body) => {
      expect(await fieldErrors(Shared, body)).toEqual(await fieldErrors(WrittenOut, body));
    },
  );

  it('names both failures of a missing version, in the written-out order', async () => {
    expect((await fieldErrors(Shared, {})).map((e) => e.message)).toEqual(['version must not be less than 1', 'version must be an integer number']);
  });
});

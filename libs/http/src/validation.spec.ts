import { ArgumentMetadata } from '@nestjs/common';
import { ValidationFailedError } from '@switchyard/core';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Min, ValidateNested } from 'class-validator';
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
  it.each([
    {},
    { version: 0 },
    { version: 1.5 },
    { version: '2' },
    { version: 1, since: 0 },
    { version: 1, since: 'x' },
    { version: 1 },
    { version: 2, since: 1 },
  ])('validates %j exactly like @IsInt() @Min(1) written out (same messages, same order)', async (body) => {
    expect(await fieldErrors(Shared, body)).toEqual(await fieldErrors(WrittenOut, body));
  });

  it('says a missing version is required, once, instead of its range and type rules', async () => {
    expect(await fieldErrors(Shared, {})).toEqual([{ field: 'version', message: 'version is required' }]);
    expect(await fieldErrors(Shared, { version: 1 })).toEqual([]);
  });

  it('still names the failed rules of a version that is there but wrong', async () => {
    expect((await fieldErrors(Shared, { version: 0 })).map((e) => e.message)).toEqual(['version must not be less than 1']);
    expect((await fieldErrors(Shared, { version: null })).map((e) => e.message)).toEqual([
      'version must not be less than 1',
      'version must be an integer number',
    ]);
  });

  it('leaves an absent optional version alone', async () => {
    expect(await fieldErrors(Shared, { version: 2 })).toEqual([]);
  });
});

describe('the validation pipe', () => {
  class Nested {
    @IsInt() count: number;
  }
  class Outer {
    @IsInt() @Min(1) version: number;
    @IsObject() @ValidateNested() @Type(() => Nested) inner: Nested;
  }

  it('says required for every missing field, nested ones by their path', async () => {
    expect(await fieldErrors(Outer, { inner: {} })).toEqual([
      { field: 'version', message: 'version is required' },
      { field: 'inner.count', message: 'count is required' },
    ]);
    expect(await fieldErrors(Outer, {})).toEqual([
      { field: 'version', message: 'version is required' },
      { field: 'inner', message: 'inner is required' },
    ]);
  });

  it('reports unknown fields without their values', async () => {
    expect(await fieldErrors(Outer, { version: 1, inner: { count: 1 }, secret: 'hunter2' })).toEqual([{ field: 'secret', message: 'is not a known field' }]);
  });
});

import { registerDecorator, ValidationOptions } from 'class-validator';

/** A JSON object no larger than `maxBytes` once serialized. */
export function IsPlainJson(maxBytes: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPlainJson',
      target: target.constructor,
      propertyName,
      options: { message: `must be a JSON object of at most ${maxBytes} bytes`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && Buffer.byteLength(JSON.stringify(value)) <= maxBytes,
      },
    });
}

/** An object whose values are all of one primitive type, with at most `maxEntries` keys. */
export function IsRecordOf(type: 'boolean' | 'string', maxEntries: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isRecordOf',
      target: target.constructor,
      propertyName,
      options: { message: `must map at most ${maxEntries} names to ${type} values`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= maxEntries &&
          Object.entries(value).every(([key, v]) => key.length <= 100 && typeof v === type && (type !== 'string' || (v as string).length <= 200)),
      },
    });
}

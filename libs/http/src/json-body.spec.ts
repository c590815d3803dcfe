import { COMMON, DomainError } from '@switchyard/core';
import { badTextFields, JSON_MAX_DEPTH, nestingDepth, NUL_MESSAGE, parseJsonBody, SURROGATE_MESSAGE } from './json-body';

const parse = (text: string, contentType = 'application/json') => parseJsonBody(contentType, Buffer.from(text));
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'no error';
};

describe('parseJsonBody', () => {
  it('parses a JSON object', () => {
    expect(parse('{"a":[1,{"b":"c"}]}')).toEqual({ a: [1, { b: 'c' }] });
  });

  it('refuses every top-level value that is not an object', () => {
    for (const text of ['[]', '"x"', '1', 'null', 'true']) expect(codeOf(() => parse(text))).toBe(COMMON.BODY_NOT_OBJECT.code);
  });

  it('refuses charsets other than UTF-8, accepts its spellings', () => {
    for (const type of ['application/json; charset=utf-16', 'application/json;charset="latin1"', 'application/json; Charset=UTF-16LE']) {
      expect(codeOf(() => parse('{}', type))).toBe(COMMON.UNSUPPORTED_MEDIA_TYPE.code);
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json; charset="UTF8"']) expect(parse('{}', type)).toEqual({});
  });

  it('refuses bytes that are not UTF-8, an empty body and prototype keys', () => {
    expect(codeOf(() => parseJsonBody('application/json', Buffer.from([0x7b, 0xff, 0x7d])))).toBe(COMMON.MALFORMED_JSON.code);
    expect(codeOf(() => parse(''))).toBe(COMMON.EMPTY_BODY.code);
    expect(codeOf(() => parse('{"__proto__":{"x":1}}'))).toBe(COMMON.MALFORMED_JSON.code);
    expect(codeOf(() => parse('{"constructor":{"prototype":{"x":1}}}'))).toBe(COMMON.MALFORMED_JSON.code);
  });

  it(`accepts ${JSON_MAX_DEPTH} levels, refuses one more, and a million without overflowing`, () => {
    const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect(() => parse(nested(JSON_MAX_DEPTH))).not.toThrow();
    expect(codeOf(() => parse(nested(JSON_MAX_DEPTH + 1)))).toBe(COMMON.JSON_TOO_DEEP.code);
    expect(codeOf(() => parse(nested(1_000_000)))).toBe(COMMON.JSON_TOO_DEEP.code);
  });

  it('names every field holding U+0000 or an unpaired surrogate, values and keys alike, in document order', () => {
    try {
      parse('{"a":"\\u0000","b":{"c":["ok","x\\u0000"]},"k\\u0000":1,"s":"\\ud800","t":"\\udc00x","\\udbff":2}');
      throw new Error('not refused');
    } catch (error) {
      expect((error as DomainError).code).toBe(COMMON.VALIDATION_FAILED.code);
      expect((error as DomainError).fieldErrors).toEqual([
        { field: 'a', message: NUL_MESSAGE },
        { field: 'b.c.1', message: NUL_MESSAGE },
        { field: 'k\\u0000', message: NUL_MESSAGE },
        { field: 's', message: SURROGATE_MESSAGE },
        { field: 't', message: SURROGATE_MESSAGE },
        { field: '\uFFFD', message: SURROGATE_MESSAGE },
      ]);
    }
  });

  it('accepts paired surrogates (emoji), escaped or not, and an escaped backslash before u0000', () => {
    expect(parse('{"a":"\\ud83d\\ude00","b":"😀","c":"\\\\u0000"}')).toEqual({ a: '😀', b: '😀', c: '\\u0000' });
  });
});

describe('nestingDepth', () => {
  it('counts objects and arrays, not brackets inside strings or after escaped quotes', () => {
    expect(nestingDepth('{}')).toBe(1);
    expect(nestingDepth('{"a":[{"b":[]}]}')).toBe(4);
    expect(nestingDepth('{"a":"[[[{{{"}')).toBe(1);
    expect(nestingDepth('{"a":"\\"[[["}')).toBe(1);
    expect(nestingDepth('{"a\\\\":[[]]}')).toBe(3);
  });

  it('stops as soon as the limit is passed', () => {
    expect(nestingDepth('['.repeat(1000), 5)).toBe(6);
  });
});

describe('badTextFields', () => {
  it('walks arrays and objects without recursion and reports at most 20 fields', () => {
    let deep: unknown = '\0';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(badTextFields(deep)).toEqual([{ field: Array(100_000).fill('0').join('.'), message: NUL_MESSAGE }]);
    expect(badTextFields(Array(50).fill('\0'))).toHaveLength(20);
    expect(badTextFields({ a: 'fine', b: ['fine', 1, null, true] })).toEqual([]);
  });
});

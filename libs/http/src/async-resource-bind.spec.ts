import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { installFastAsyncResourceBind, needsFastAsyncResourceBind } from './async-resource-bind';

describe('installFastAsyncResourceBind', () => {
  // The test machine runs Node 20 (package.json engines), where the replacement is installed.
  beforeAll(() => expect(installFastAsyncResourceBind()).toBe(true));

  it('is needed on Node 20 to 23 only', () => {
    expect(['20.19.0', '22.12.0', '23.1.0', '24.8.0', '25.0.0'].map((v) => needsFastAsyncResourceBind(v))).toEqual([true, true, true, false, false]);
    const current = AsyncResource.prototype.bind;
    expect(installFastAsyncResourceBind('24.8.0')).toBe(false);
    expect(AsyncResource.prototype.bind).toBe(current);
  });

  it('runs the function in the async context it was bound in (what nestjs-cls relies on)', async () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('request A', () => AsyncResource.bind(() => storage.getStore()));
    const seen = await storage.run('request B', async () => {
      await Promise.resolve();
      return bound();
    });
    expect(seen).toBe('request A');
    expect(storage.getStore()).toBeUndefined();
  });

  it('passes arguments, the caller’s this, or the given thisArg, and keeps the length', () => {
    function describeCall(this: { name?: string } | undefined, a: number, b: number) {
      return `${this?.name}:${a + b}`;
    }
    const resource = new AsyncResource('test');
    const unbound = resource.bind(describeCall);
    expect(unbound.call({ name: 'caller' }, 1, 2)).toBe('caller:3');
    expect(unbound.length).toBe(2);
    const withThis = AsyncResource.bind(describeCall, 'test', { name: 'fixed' });
    expect(withThis.call({ name: 'caller' }, 2, 3)).toBe('fixed:5');
  });

  it('keeps the documented (deprecated) asyncResource property, warning DEP0172', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const resource = new AsyncResource('test');
    const bound = resource.bind(() => 1) as unknown as { asyncResource: AsyncResource };
    expect(Object.getOwnPropertyDescriptor(bound, 'asyncResource')).toMatchObject({ enumerable: true, configurable: true });
    expect(bound.asyncResource).toBe(resource);
    const other = new AsyncResource('other');
    bound.asyncResource = other;
    expect(bound.asyncResource).toBe(other);
    // Once per process, as util.deprecate does (another test file may have read it first).
    expect(warn.mock.calls.length).toBeLessThanOrEqual(1);
    if (warn.mock.calls.length === 1) expect(warn.mock.calls[0]).toEqual([expect.stringMatching(/asyncResource property/), 'DeprecationWarning', 'DEP0172']);
    warn.mockRestore();
  });

  it('refuses what is not a function with ERR_INVALID_ARG_TYPE, and installs once', () => {
    // Match by name and code: the patch is process-wide, so the TypeError may come from the Jest
    // sandbox of whichever test file installed it first (another realm's TypeError class).
    let thrown: unknown;
    try {
      new AsyncResource('test').bind(42 as unknown as () => void);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "fn" argument must be of type function. Received type number (42)',
    });
    const current = AsyncResource.prototype.bind;
    installFastAsyncResourceBind();
    expect(AsyncResource.prototype.bind).toBe(current);
  });
});

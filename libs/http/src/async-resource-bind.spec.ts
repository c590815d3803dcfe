import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { installFastAsyncResourceBind } from './async-resource-bind';

describe('installFastAsyncResourceBind', () => {
  beforeAll(() => installFastAsyncResourceBind());

  it('replaces the bind that defines the deprecated asyncResource accessors', () => {
    const bound = AsyncResource.bind(() => 1);
    expect(Object.getOwnPropertyDescriptor(bound, 'asyncResource')).toBeUndefined();
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

  it('refuses what is not a function, and installs once', () => {
    // Match by name and message: the patch is process-wide, so the TypeError may come from the
    // Jest sandbox of whichever test file installed it first (another realm's TypeError class).
    let thrown: unknown;
    try {
      new AsyncResource('test').bind(42 as unknown as () => void);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error)?.name).toBe('TypeError');
    expect((thrown as Error)?.message).toMatch(/must be of type function/);
    const current = AsyncResource.prototype.bind;
    installFastAsyncResourceBind();
    expect(AsyncResource.prototype.bind).toBe(current);
  });
});

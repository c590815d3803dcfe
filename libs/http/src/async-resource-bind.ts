import { AsyncResource } from 'node:async_hooks';

const INSTALLED = Symbol.for('switchyard.fast-async-resource-bind');

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * NestJS 11 wraps every interceptor step in `AsyncResource.bind` (InterceptorsConsumer: three
 * times per request here, as nestjs-cls always registers an interceptor). On Node 20 each bind
 * also defines the deprecated `asyncResource` accessors (DEP0172) through `util.deprecate`,
 * which calls `Object.setPrototypeOf` on two fresh functions: ~25 µs per bind on the bench
 * machine, plus the deoptimizations it causes. Without it the per-request CPU floor fell by
 * about 40 % and an authenticated read by ~15 % (docs/benchmarks.md).
 *
 * The replacement behaves the same way otherwise: the function runs in the resource's async
 * context (AsyncLocalStorage stores included) with the caller's `this` (or `thisArg`) and
 * arguments, and keeps its `length`. Only the deprecated accessors are gone.
 */
export function installFastAsyncResourceBind(): void {
  const prototype = AsyncResource.prototype as unknown as Record<PropertyKey, unknown>;
  if (prototype[INSTALLED]) return;
  Object.defineProperty(prototype, INSTALLED, { value: true });
  prototype.bind = function bind(this: AsyncResource, fn: AnyFunction, thisArg?: unknown): AnyFunction {
    if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function');
    return boundTo(this, fn, thisArg);
  };
}

function boundTo(resource: AsyncResource, fn: AnyFunction, thisArg: unknown): AnyFunction {
  const bound =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(fn, this, ...args);
        }
      : function (...args: unknown[]) {
          return resource.runInAsyncScope(fn, thisArg, ...args);
        };
  Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, writable: false, value: fn.length });
  return bound;
}

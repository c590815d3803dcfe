import { AsyncResource } from 'node:async_hooks';
import { inspect } from 'node:util';

const INSTALLED = Symbol.for('switchyard.fast-async-resource-bind');
const RESOURCE = Symbol('asyncResource');

type AnyFunction = ((...args: unknown[]) => unknown) & { [RESOURCE]?: AsyncResource };

/**
 * NestJS 11 wraps every interceptor step in `AsyncResource.bind` (InterceptorsConsumer). On
 * Node 20 and 22 (and 24 before nodejs/node#59518) each bind defines the deprecated
 * `asyncResource` accessors (DEP0172) through `util.deprecate`, which makes two fresh functions
 * and calls `Object.setPrototypeOf` on them: ~25 µs per bind on the bench machine, plus the
 * deoptimizations it causes. Without it the per-request CPU floor fell by about 40 % and an
 * authenticated read by ~15 % (docs/benchmarks.md).
 *
 * Needed on Node 20.x–23.x; Node 24 makes the accessors cheaply, and Node's main branch drops the
 * property (nodejs/node#58618). Delete this file when package.json's engines floor reaches 24.
 */
export function needsFastAsyncResourceBind(nodeVersion: string = process.versions.node): boolean {
  return Number(nodeVersion.split('.')[0]) < 24;
}

/**
 * Installs the replacement, once per process, on the Node versions that need it (main.ts calls
 * it first thing). It behaves as Node documents `asyncResource.bind(fn[, thisArg])`: the function
 * runs in the resource's async context (AsyncLocalStorage stores included) with the caller's
 * `this` (or `thisArg`) and arguments, keeps its `length`, carries the deprecated `asyncResource`
 * property (reading it warns DEP0172 once, as Node does), and a non-function throws a TypeError
 * with code ERR_INVALID_ARG_TYPE. Only the per-call cost is gone: the accessors are shared.
 */
export function installFastAsyncResourceBind(nodeVersion?: string): boolean {
  if (!needsFastAsyncResourceBind(nodeVersion)) return false;
  const prototype = AsyncResource.prototype as unknown as Record<PropertyKey, unknown>;
  if (prototype[INSTALLED]) return true;
  Object.defineProperty(prototype, INSTALLED, { value: true });
  prototype.bind = function bind(this: AsyncResource, fn: AnyFunction, thisArg?: unknown): AnyFunction {
    if (typeof fn !== 'function') throw invalidFunction(fn);
    return boundTo(this, fn, thisArg);
  };
  return true;
}

function boundTo(resource: AsyncResource, fn: AnyFunction, thisArg: unknown): AnyFunction {
  const bound: AnyFunction =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(fn, this, ...args);
        }
      : function (...args: unknown[]) {
          return resource.runInAsyncScope(fn, thisArg, ...args);
        };
  Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, writable: false, value: fn.length });
  bound[RESOURCE] = resource;
  Object.defineProperty(bound, 'asyncResource', ASYNC_RESOURCE_PROPERTY);
  return bound;
}

let warned = false;

function warnOnce(): void {
  if (warned) return;
  warned = true;
  process.emitWarning('The asyncResource property on bound functions is deprecated', 'DeprecationWarning', 'DEP0172');
}

/** One getter and setter for every bound function (Node makes two per bind). */
const ASYNC_RESOURCE_PROPERTY: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: AnyFunction) {
    warnOnce();
    return this[RESOURCE];
  },
  set(this: AnyFunction, value: AsyncResource) {
    warnOnce();
    this[RESOURCE] = value;
  },
};

function invalidFunction(value: unknown): TypeError {
  const received = value === null || value === undefined ? ` Received ${value}` : ` Received type ${typeof value} (${inspect(value)})`;
  return Object.assign(new TypeError(`The "fn" argument must be of type function.${received}`), { code: 'ERR_INVALID_ARG_TYPE' });
}

import type { Target } from './load';
import type { BenchRequest } from './scenario';

/** The structure of a JSON value: keys and value types, array items by their first element. */
export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([key, inner]) => [key, shapeOf(inner)]));
  }
  return typeof value;
}

async function send(target: Target, request: BenchRequest): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`http://${target.host}:${target.port}${target.prefix}${request.path}`, {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body };
}

/**
 * Before measuring, one request to each side: both must answer the expected status with JSON of
 * the same shape, otherwise the comparison would not be a comparison.
 */
export async function checkSameAnswer(
  service: Target,
  baseline: Target,
  request: BenchRequest,
  expectedStatus: number,
  /** The request for the baseline when it must differ (a mutating scenario: the same request twice could conflict). */
  baselineRequest: BenchRequest = request,
): Promise<void> {
  const [fromService, fromBaseline] = await Promise.all([send(service, request), send(baseline, baselineRequest)]);
  const problems: string[] = [];
  if (fromService.status !== expectedStatus) problems.push(`service answered ${fromService.status}: ${JSON.stringify(fromService.body)}`);
  if (fromBaseline.status !== expectedStatus) problems.push(`baseline answered ${fromBaseline.status}: ${JSON.stringify(fromBaseline.body)}`);
  const serviceShape = JSON.stringify(shapeOf(fromService.body));
  const baselineShape = JSON.stringify(shapeOf(fromBaseline.body));
  if (problems.length === 0 && serviceShape !== baselineShape) {
    problems.push(`the JSON differs in shape:\n  service:  ${serviceShape}\n  baseline: ${baselineShape}`);
  }
  if (problems.length > 0) throw new Error(`${request.method} ${request.path}: ${problems.join('\n')}`);
}

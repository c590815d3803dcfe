import { inTraceContext } from '@switchyard/database';
import { Writable } from 'node:stream';
import { createRootLogger } from './logger';

describe('log lines', () => {
  it('carry the trace id of the request or job they are written in, and none outside', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const logger = createRootLogger('info', destination);
    await inTraceContext('job-1', '4bf92f3577b34da6a3ce929d0e0e4736', async () => logger.info('inside'));
    logger.info('outside');
    expect(lines.map((line) => [line.msg, line.traceId])).toEqual([
      ['inside', '4bf92f3577b34da6a3ce929d0e0e4736'],
      ['outside', undefined],
    ]);
  });
});

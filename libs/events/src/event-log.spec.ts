import { TenantTransaction } from '@switchyard/database';
import { ClsService } from 'nestjs-cls';
import { EventLog, PublishedEvent } from './event-log';

/** The reactions of the event log, over a fake transaction that records what it is asked to write. */
describe('EventLog reactions', () => {
  const ORG = '5b0c6c1e-8a4e-4f5e-9d61-3d0a3c1f2a01';
  let written: string[];
  let log: EventLog;

  beforeEach(() => {
    written = [];
    const transaction = {
      organizationId: ORG,
      manager: {
        insert: async (_entity: unknown, rows: Array<{ type: string }>) => {
          written.push(...rows.map((row) => `insert ${row.type}`));
        },
      },
    } as unknown as TenantTransaction;
    const cls = { isActive: () => false } as unknown as ClsService;
    log = new EventLog(transaction, cls);
  });

  it('calls the reactions to a type after the insert, in order, with the organization resolved', async () => {
    const seen: PublishedEvent[] = [];
    log.react(['pipelines.execution.finished'], async (event) => {
      written.push(`first ${event.type}`);
      seen.push(event);
    });
    log.react(['agents.run.failed', 'pipelines.execution.finished'], async (event) => {
      written.push(`second ${event.type}`);
    });
    await log.publish({ type: 'pipelines.execution.finished', source: 'pipelines', entityId: 'E-1', payload: { status: 'failed' } });
    expect(written).toEqual(['insert pipelines.execution.finished', 'first pipelines.execution.finished', 'second pipelines.execution.finished']);
    expect(seen).toEqual([{ type: 'pipelines.execution.finished', source: 'pipelines', entityId: 'E-1', payload: { status: 'failed' }, organizationId: ORG }]);
  });

  it('reacts to each matching event of a batch after the one insert, and to no other type', async () => {
    const seen: string[] = [];
    log.react(['agents.run.failed'], async (event) => {
      seen.push(event.entityId!);
    });
    await log.publishMany([
      { type: 'agents.run.failed', source: 'agents', entityId: 'R-1' },
      { type: 'agents.run.started', source: 'agents', entityId: 'R-2' },
      { type: 'agents.run.failed', source: 'agents', entityId: 'R-3' },
    ]);
    expect(written).toEqual(['insert agents.run.failed', 'insert agents.run.started', 'insert agents.run.failed']);
    expect(seen).toEqual(['R-1', 'R-3']);
    await log.publish({ type: 'agents.run.failed.later', source: 'agents' });
    expect(seen).toEqual(['R-1', 'R-3']);
  });

  it("fails the publisher when a reaction fails (so the caller's transaction rolls back with the fact)", async () => {
    log.react(['tests.thing.happened'], async () => {
      throw new Error('the reaction failed');
    });
    await expect(log.publish({ type: 'tests.thing.happened', source: 'tests' })).rejects.toThrow('the reaction failed');
  });

  it('calls nothing for an empty batch', async () => {
    const reaction = jest.fn(async () => undefined);
    log.react(['tests.thing.happened'], reaction);
    await log.publishMany([]);
    expect(written).toEqual([]);
    expect(reaction).not.toHaveBeenCalled();
  });
});

import { formatRunnerToken, RunnerApiService } from './runner-api.service';
import { UnitOfWork } from './ports';
import { WorkSignal } from './runner.repository';
import { StepQueueRepository } from './step-queue.repository';

/** Idle long-polls over in-memory ports: how many statements and transactions each costs, and that new work still wakes it. */
describe('RunnerApiService.claim (long-poll)', () => {
  const ORG = '5b0c6c1e-8a4e-4f5e-9d61-3d0a3c1f2a01';
  const RUNNER = '0b6f8f6e-2c4d-4a8e-9f10-1a2b3c4d5e6f';
  const token = formatRunnerToken(RUNNER, 'a'.repeat(43));

  function setUp() {
    let transactions = 0;
    let peeks = 0;
    const queued: string[] = [];
    const waiters: Array<{ organizationId: string; wake: () => void }> = [];
    const unitOfWork = { run: async <T>(fn: () => Promise<T>) => (transactions++, fn()) } as unknown as UnitOfWork;
    const queue = {
      peek: async (runnerId: string) => (
        peeks++,
        runnerId === RUNNER ? { id: RUNNER, organizationId: ORG, labels: [], hasWork: queued.length > 0 } : undefined
      ),
      enterAsRunner: async (runnerId: string) => (runnerId === RUNNER ? { id: RUNNER, organizationId: ORG, labels: [] } : undefined),
      claim: async () => (queued.length ? { step: { id: queued.shift() } } : undefined),
    } as unknown as StepQueueRepository;
    const signal = {
      stopping: false,
      wait: (organizationId: string, ms: number) => {
        let wake!: () => void;
        const promise = new Promise<void>((resolve) => {
          // Never before `ms`, as WorkSignal promises (Node may fire a timer a millisecond early; PgWorkSignal adds one too).
          const timer = setTimeout(resolve, ms + 1);
          wake = () => (clearTimeout(timer), resolve());
        });
        const waiter = { organizationId, wake };
        waiters.push(waiter);
        return { promise, cancel: () => (waiters.splice(waiters.indexOf(waiter), 1), wake()) };
      },
      queued: () => undefined,
    } as unknown as WorkSignal;
    const service = new RunnerApiService(unitOfWork, queue, {} as never, {} as never, signal, { claimMaxWaitSeconds: 30, leaseSeconds: 60 } as never);
    return { service, queued, waiters, transactions: () => transactions, peeks: () => peeks };
  }

  it('an idle poll opens no transaction; a runner seen before subscribes first and looks once', async () => {
    const { service, transactions, peeks } = setUp();
    expect(await service.claim(token, 0.01)).toBeUndefined();
    expect({ peeks: peeks(), transactions: transactions() }).toEqual({ peeks: 2, transactions: 0 });
    expect(await service.claim(token, 0.01)).toBeUndefined();
    expect({ peeks: peeks(), transactions: transactions() }).toEqual({ peeks: 3, transactions: 0 });
  });

  it('queued work is claimed in one transaction, at once', async () => {
    const { service, queued, transactions } = setUp();
    queued.push('step-0');
    expect(await service.claim(token, 30)).toEqual({ step: { id: 'step-0' } });
    expect(transactions()).toBe(1);
  });

  it('a waiting claim is woken for its organization and answers the work queued meanwhile', async () => {
    const { service, queued, waiters } = setUp();
    await service.claim(token, 0.01);
    const pending = service.claim(token, 30);
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = waiters.at(-1)!;
    expect(waiting.organizationId).toBe(ORG);
    queued.push('step-1');
    waiting.wake();
    expect(await pending).toEqual({ step: { id: 'step-1' } });
  });

  it('an unknown token is refused, and leaves no waiter behind', async () => {
    const { service, waiters } = setUp();
    await expect(service.claim(formatRunnerToken('1b6f8f6e-2c4d-4a8e-9f10-1a2b3c4d5e6f', 'b'.repeat(43)), 1)).rejects.toThrow();
    expect(waiters).toEqual([]);
  });
});

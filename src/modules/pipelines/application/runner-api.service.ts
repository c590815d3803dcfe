import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { DomainError } from '@switchyard/core';
import { createHash } from 'node:crypto';
import { artifactUriAllowed, shouldRetry } from '../domain/execution';
import { NotYourStepError, PIPELINES, RunnerUnauthenticatedError } from '../domain/pipelines.errors';
import { pipelinesConfig } from '../pipelines.config';
import { ExecutionEngine } from './execution-engine';
import { ExecutionRepository } from './execution.repository';
import { AuthenticatedRunner, ClaimedStep, StepQueueRepository } from './step-queue.repository';
import { WorkSignal } from './runner.repository';
import { UnitOfWork } from './ports';

const RUNNER_TOKEN = /^syr_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export function formatRunnerToken(runnerId: string, secret: string): string {
  return `syr_${runnerId.replace(/-/g, '')}_${secret}`;
}

export function hashRunnerSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function parseRunnerToken(token: string | undefined): { runnerId: string; secret: string } | undefined {
  const match = token ? RUNNER_TOKEN.exec(token) : null;
  if (!match) return undefined;
  const h = match[1];
  return { runnerId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`, secret: match[2] };
}

export interface FinishRequest {
  exitCode: number;
  artifacts?: Array<{ name: string; sizeBytes: number; checksum?: string; storageUri: string; expiresAt?: Date }>;
}

/**
 * The runner API: every call authenticates the runner by its token (a SECURITY DEFINER lookup
 * that scopes the transaction to the runner's organization), and a runner only ever touches the
 * steps it holds. Claims long-poll outside any transaction, in short transactions of their own.
 */
@Injectable()
export class RunnerApiService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly queue: StepQueueRepository,
    private readonly executions: ExecutionRepository,
    private readonly engine: ExecutionEngine,
    private readonly signal: WorkSignal,
    @Inject(pipelinesConfig.KEY) private readonly config: ConfigType<typeof pipelinesConfig>,
  ) {}

  /** Inside the current transaction: the runner behind the token, the transaction now scoped to its organization. */
  async authenticate(token: string | undefined, scoped = true): Promise<AuthenticatedRunner> {
    const parsed = parseRunnerToken(token);
    const runner = parsed && (await this.queue.enterAsRunner(parsed.runnerId, hashRunnerSecret(parsed.secret), scoped));
    if (!runner) throw new RunnerUnauthenticatedError();
    return runner;
  }

  /**
   * Runner → organization, learned from earlier polls. A runner never changes organization, so a
   * runner seen before subscribes before its first look: an idle poll costs one statement instead
   * of two (a look to learn the organization, then one after subscribing). Only picks which
   * wake-ups to wait for; every look still checks the token against the live runner row. Bounded:
   * cleared when full, the next polls relearn it.
   */
  private readonly runnerOrganizations = new Map<string, string>();
  private static readonly RUNNER_ORGANIZATIONS_MAX = 50_000;

  /**
   * The next step for this runner, waiting up to `waitSeconds` (bounded by
   * PIPELINE_CLAIM_MAX_WAIT_SECONDS) for one to be queued. Each round subscribes to the
   * organization's wake-ups first, then looks (`peek`: the token checked, and whether matching work
   * is queued, in one statement outside any transaction), and opens the claim's transaction only
   * when there is work: so work queued between an empty look and the wait is never missed, and an
   * idle fleet costs one index probe per poll. No transaction is held while waiting; undefined
   * when nothing came.
   */
  async claim(token: string | undefined, waitSeconds: number): Promise<ClaimedStep | undefined> {
    const deadline = Date.now() + Math.min(waitSeconds, this.config.claimMaxWaitSeconds) * 1000;
    const parsed = parseRunnerToken(token);
    if (!parsed) throw new RunnerUnauthenticatedError();
    const secretHash = hashRunnerSecret(parsed.secret);
    let organizationId = this.runnerOrganizations.get(parsed.runnerId);
    for (;;) {
      const waiter = organizationId ? this.signal.wait(organizationId, Math.max(0, deadline - Date.now())) : undefined;
      let claimed: ClaimedStep | undefined;
      try {
        const look = await this.queue.peek(parsed.runnerId, secretHash);
        if (!look) throw new RunnerUnauthenticatedError();
        if (look.organizationId !== organizationId) {
          // Not subscribed to this runner's organization before the look: subscribe, then look again.
          waiter?.cancel();
          organizationId = look.organizationId;
          this.rememberOrganization(parsed.runnerId, organizationId);
          continue;
        }
        if (look.hasWork)
          claimed = await this.unitOfWork.run(async () => {
            // The claim names the organization in its SQL: no repository needs the transaction's tenant.
            const runner = await this.authenticate(token, false);
            return this.queue.claim(runner, this.config.leaseSeconds);
          });
      } catch (error) {
        waiter?.cancel();
        throw error;
      }
      if (claimed || Date.now() >= deadline) {
        waiter?.cancel();
        return claimed;
      }
      await waiter!.promise;
      if (Date.now() >= deadline || this.signal.stopping) return undefined;
    }
  }

  private rememberOrganization(runnerId: string, organizationId: string): void {
    if (this.runnerOrganizations.size >= RunnerApiService.RUNNER_ORGANIZATIONS_MAX) this.runnerOrganizations.clear();
    this.runnerOrganizations.set(runnerId, organizationId);
  }

  /** Extends the lease of a step this runner holds; tells it whether the step was cancelled. */
  async heartbeat(token: string | undefined, stepId: string) {
    const runner = await this.authenticate(token);
    const beat = await this.queue.heartbeat(runner.id, stepId, this.config.leaseSeconds);
    if (!beat) throw new NotYourStepError(stepId);
    return { cancel: beat.cancelRequested || beat.status !== 'running', status: beat.status, leaseExpiresAt: beat.leaseExpiresAt };
  }

  /** Appends chunk `seq` (0, 1, 2... in order) to the log of the held step's current attempt. */
  async appendLog(token: string | undefined, stepId: string, seq: number, content: string) {
    const runner = await this.authenticate(token);
    const step = await this.queue.lockHeld(runner.id, stepId);
    if (!step) throw new NotYourStepError(stepId);
    if (seq !== step.logChunks)
      throw new DomainError(PIPELINES.LOG_OUT_OF_ORDER, `Expected log chunk ${step.logChunks}, got ${seq}`, { expected: step.logChunks, got: seq });
    const bytes = Buffer.byteLength(content, 'utf8');
    if (step.logBytes + bytes > this.config.logMaxBytes)
      throw new DomainError(PIPELINES.LOG_TOO_LARGE, `The step's log would exceed ${this.config.logMaxBytes} bytes`, {
        limit: this.config.logMaxBytes,
        current: step.logBytes,
      });
    await this.queue.appendLog(step, seq, content, bytes);
    return { nextSeq: seq + 1, bytes: step.logBytes + bytes };
  }

  /**
   * Records the held step's exit code and artifacts: success, an automatic retry (exit code among
   * the step's retry codes, attempts left), or failure; then the execution's DAG moves on. A step
   * cancelled meanwhile keeps `cancelled` (its artifacts are still kept).
   */
  async finish(token: string | undefined, stepId: string, request: FinishRequest) {
    const runner = await this.authenticate(token);
    const schemes = this.config.artifactSchemes;
    (request.artifacts ?? []).forEach((artifact, i) => {
      if (!artifactUriAllowed(artifact.storageUri, schemes))
        throw new DomainError(PIPELINES.INVALID_ARTIFACT, `The artifact URI scheme is not allowed (allowed: ${schemes.join(', ')})`, undefined, [
          { field: `artifacts[${i}].storageUri`, message: `must use one of the schemes ${schemes.join(', ')}` },
        ]);
    });
    // Lock order: the execution, then the step (as cancellation does).
    const unlocked = await this.queue.findStep(stepId);
    if (!unlocked || unlocked.runnerId !== runner.id) throw new NotYourStepError(stepId);
    const execution = await this.queue.executionOf(unlocked);
    const step = await this.queue.lockHeld(runner.id, stepId);
    if (!step || !execution) throw new NotYourStepError(stepId);
    const ttl = this.config.artifactTtlDays * 86_400_000;
    await this.executions.addArtifacts(
      execution,
      (request.artifacts ?? []).map((a) => ({
        stepId,
        name: a.name,
        sizeBytes: a.sizeBytes,
        checksum: a.checksum ?? null,
        storageUri: a.storageUri,
        expiresAt: a.expiresAt ?? new Date(Date.now() + ttl),
      })),
    );
    if (step.status !== 'running') return { status: step.status, retried: false };
    if (shouldRetry(step, request.exitCode)) {
      await this.queue.requeue(step, request.exitCode, execution.priority);
      this.signal.queued(runner.organizationId);
      return { status: 'queued' as const, retried: true };
    }
    const status = request.exitCode === 0 ? 'succeeded' : 'failed';
    await this.queue.finishStep(step, status, request.exitCode);
    await this.engine.advance(execution);
    return { status, retried: false };
  }

  /** The lease of a step ran out (its runner vanished): back to the queue while attempts remain, else failed. */
  async expireLease(stepId: string): Promise<'requeued' | 'failed' | 'gone'> {
    const step = await this.queue.findStep(stepId);
    const execution = step && (await this.queue.executionOf(step));
    const locked = execution && (await this.queue.lockStep(step.id));
    if (!execution || !locked || locked.status !== 'running' || !locked.leaseExpiresAt || locked.leaseExpiresAt > new Date()) return 'gone';
    if (locked.attempt < locked.maxAttempts) {
      await this.queue.requeue(locked, null, execution.priority);
      this.signal.queued(execution.organizationId);
      return 'requeued';
    }
    await this.queue.finishStep(locked, 'failed', null);
    await this.engine.advance(execution);
    return 'failed';
  }
}

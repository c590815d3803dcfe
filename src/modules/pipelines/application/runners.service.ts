import { Injectable } from '@nestjs/common';
import { PipelineAudit } from './ports';
import { Actor, DomainError, Page } from '@switchyard/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { PIPELINES, RunnerNotFoundError } from '../domain/pipelines.errors';
import { formatRunnerToken, hashRunnerSecret } from './runner-api.service';
import { Runner, RunnerRepository } from './runner.repository';

/** Registration and management of the organization's runners (admins). The token is shown once. */
@Injectable()
export class RunnersService {
  constructor(
    private readonly runners: RunnerRepository,
    private readonly audit: PipelineAudit,
  ) {}

  async register(actor: Actor, input: { name: string; labels?: string[] }): Promise<Runner & { token: string }> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const runner = await this.runners.insert({
      id,
      name: input.name,
      labels: [...new Set(input.labels ?? [])],
      tokenHash: hashRunnerSecret(secret),
      createdBy: actor.type === 'user' ? (actor.id ?? null) : null,
    });
    await this.audit.record({ action: 'create', entityType: 'pipelineRunner', entityId: id, after: { name: runner.name, labels: runner.labels } });
    return { ...runner, token: formatRunnerToken(id, secret) };
  }

  list(limit: number, cursor?: string): Promise<Page<Runner>> {
    return this.runners.list(limit, cursor);
  }

  async get(id: string): Promise<Runner> {
    const runner = await this.runners.find(id);
    if (!runner) throw new RunnerNotFoundError(id);
    return runner;
  }

  async update(id: string, input: { version: number; name?: string; labels?: string[]; disabled?: boolean }): Promise<Runner> {
    const before = await this.get(id);
    const after = await this.runners.update(id, input.version, {
      name: input.name,
      labels: input.labels && [...new Set(input.labels)],
      disabled: input.disabled,
    });
    if (!after)
      throw new DomainError(PIPELINES.STALE_VERSION, `Runner ${id} is at version ${before.version}, not ${input.version}`, {
        id,
        currentVersion: before.version,
      });
    await this.audit.record({ action: 'update', entityType: 'pipelineRunner', entityId: id, before: view(before), after: view(after) });
    return after;
  }

  /** A new token; the old one stops working at once. */
  async rotateToken(id: string): Promise<Runner & { token: string }> {
    const before = await this.get(id);
    const secret = randomBytes(32).toString('base64url');
    const after = await this.runners.update(id, before.version, { tokenHash: hashRunnerSecret(secret) });
    if (!after) throw new RunnerNotFoundError(id);
    await this.audit.record({ action: 'rotate_token', entityType: 'pipelineRunner', entityId: id });
    return { ...after, token: formatRunnerToken(id, secret) };
  }

  async delete(id: string): Promise<void> {
    const before = await this.get(id);
    if (!(await this.runners.delete(id))) throw new RunnerNotFoundError(id);
    await this.audit.record({ action: 'delete', entityType: 'pipelineRunner', entityId: id, before: view(before) });
  }
}

const view = (r: Runner) => ({ name: r.name, labels: r.labels, disabled: r.disabled });

import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { Runner, RunnerRepository } from '../../application/runner.repository';
import { PipelineRunnerEntity } from './pipeline-runner.entity';

/** Registered runners (TypeORM). */
@Injectable()
export class PipelineRunnerTypeormRepository extends RunnerRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(PipelineRunnerEntity);
  }

  async insert(runner: { id: string; name: string; labels: string[]; tokenHash: Buffer; createdBy: string | null }): Promise<Runner> {
    const saved = await this.repo.save(this.repo.create({ ...runner, organizationId: this.transaction.organizationId }));
    return toRunner(saved);
  }

  async find(id: string): Promise<Runner | undefined> {
    const row = await this.repo.findOneBy({ organizationId: this.transaction.organizationId, id });
    return row ? toRunner(row) : undefined;
  }

  async list(limit: number, cursor?: string): Promise<Page<Runner>> {
    const builder = this.repo.createQueryBuilder('r').where('r.organization_id = :org', { org: this.transaction.organizationId });
    return keysetPage(builder, { limit, cursor, order: 'ASC' }, toRunner);
  }

  async update(id: string, expectedVersion: number, change: { name?: string; labels?: string[]; disabled?: boolean; tokenHash?: Buffer }) {
    const row = await this.repo.findOne({ where: { organizationId: this.transaction.organizationId, id }, lock: { mode: 'pessimistic_write' } });
    if (!row || row.version !== expectedVersion) return undefined;
    if (change.name !== undefined) row.name = change.name;
    if (change.labels !== undefined) row.labels = change.labels;
    if (change.disabled !== undefined) row.disabledAt = change.disabled ? (row.disabledAt ?? new Date()) : null;
    if (change.tokenHash) row.tokenHash = change.tokenHash;
    return toRunner(await this.repo.save(row));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.repo.delete({ organizationId: this.transaction.organizationId, id });
    return (result.affected ?? 0) > 0;
  }
}

function toRunner(row: PipelineRunnerEntity): Runner {
  return {
    id: row.id,
    name: row.name,
    labels: row.labels,
    disabled: row.disabledAt !== null,
    lastSeenAt: row.lastSeenAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

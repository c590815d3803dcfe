import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { LearningModel, ModelFields, ModelType, OptimizationRun, RecordsRepository, RunFields, RunStatus } from '../../application/records.repository';
import { NameTakenError } from '../../domain/analytics.errors';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { LearningModelEntity } from './learning-model.entity';
import { OptimizationRunEntity } from './optimization-run.entity';

const toRun = (e: OptimizationRunEntity): OptimizationRun => ({
  id: e.id,
  name: e.name,
  evaluationType: e.evaluationType,
  status: e.status as RunStatus,
  populationSize: e.populationSize,
  generations: e.generations,
  fitnessFunction: e.fitnessFunction,
  bestSolution: e.bestSolution,
  bestFitness: e.bestFitness,
  history: e.history,
  startedAt: e.startedAt,
  finishedAt: e.finishedAt,
  version: e.version,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

const toModel = (e: LearningModelEntity): LearningModel => ({
  id: e.id,
  name: e.name,
  modelType: e.modelType as ModelType,
  algorithm: e.algorithm,
  accuracy: e.accuracy === null ? null : Number(e.accuracy),
  targetModules: e.targetModules,
  parameters: e.parameters,
  status: e.status as LearningModel['status'],
  trainedAt: e.trainedAt,
  version: e.version,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

const modelColumns = (fields: Partial<ModelFields>) => ({
  ...fields,
  accuracy: fields.accuracy === undefined ? undefined : fields.accuracy === null ? null : String(fields.accuracy),
});

@Injectable()
export class RecordsTypeormRepository extends RecordsRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }
  private get runs() {
    return this.transaction.manager.getRepository(OptimizationRunEntity);
  }
  private get models() {
    return this.transaction.manager.getRepository(LearningModelEntity);
  }

  async insertRun(fields: RunFields): Promise<OptimizationRun> {
    const { identifiers } = await this.runs.insert({ ...fields, organizationId: this.org } as QueryDeepPartialEntity<OptimizationRunEntity>);
    return (await this.findRun(identifiers[0].id as string))!;
  }

  async findRun(id: string, options: { lock?: boolean } = {}): Promise<OptimizationRun | undefined> {
    const row = await this.runs.findOne({ where: { organizationId: this.org, id }, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    return row ? toRun(row) : undefined;
  }

  listRuns(query: { limit: number; cursor?: string; status?: RunStatus }): Promise<Page<OptimizationRun>> {
    const builder = this.runs.createQueryBuilder('r').where('r.organization_id = :org', { org: this.org });
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    return keysetPage(builder, { ...query, order: 'DESC' }, toRun);
  }

  async updateRun(id: string, fields: Partial<RunFields>): Promise<void> {
    await this.runs.update({ organizationId: this.org, id }, { ...fields, version: () => 'version + 1' } as QueryDeepPartialEntity<OptimizationRunEntity>);
  }

  async deleteRun(id: string): Promise<boolean> {
    return ((await this.runs.delete({ organizationId: this.org, id })).affected ?? 0) > 0;
  }

  async insertModel(fields: ModelFields): Promise<LearningModel> {
    try {
      const { identifiers } = await this.models.insert({ ...modelColumns(fields), organizationId: this.org } as QueryDeepPartialEntity<LearningModelEntity>);
      return (await this.findModel(identifiers[0].id as string))!;
    } catch (error) {
      if (violatedConstraint(error, '23505') === 'learning_models_name_key') throw new NameTakenError('learning model', fields.name);
      throw error;
    }
  }

  async findModel(id: string, options: { lock?: boolean } = {}): Promise<LearningModel | undefined> {
    const row = await this.models.findOne({
      where: { organizationId: this.org, id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return row ? toModel(row) : undefined;
  }

  listModels(query: { limit: number; cursor?: string }): Promise<Page<LearningModel>> {
    const builder = this.models.createQueryBuilder('m').where('m.organization_id = :org', { org: this.org });
    return keysetPage(builder, { ...query, order: 'DESC' }, toModel);
  }

  async updateModel(id: string, fields: Partial<ModelFields>): Promise<void> {
    try {
      await this.models.update({ organizationId: this.org, id }, {
        ...modelColumns(fields),
        version: () => 'version + 1',
      } as QueryDeepPartialEntity<LearningModelEntity>);
    } catch (error) {
      if (violatedConstraint(error, '23505') === 'learning_models_name_key') throw new NameTakenError('learning model', fields.name ?? '');
      throw error;
    }
  }

  async deleteModel(id: string): Promise<boolean> {
    return ((await this.models.delete({ organizationId: this.org, id })).affected ?? 0) > 0;
  }
}

import { Injectable } from '@nestjs/common';
import { Activity } from './activity';
import { Page, StaleVersionError } from '@switchyard/core';
import { AnalyticsNotFoundError } from '../domain/analytics.errors';
import { LearningModel, ModelFields, OptimizationRun, RecordsRepository, RunFields, RunStatus } from './records.repository';

const defined = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Optimisation runs and learning models: records kept for the engines that run and train them. */
@Injectable()
export class RecordsService {
  constructor(
    private readonly records: RecordsRepository,
    private readonly activity: Activity,
  ) {}

  async createRun(input: Partial<RunFields> & Pick<RunFields, 'name' | 'evaluationType'>): Promise<OptimizationRun> {
    const run = await this.records.insertRun({
      name: input.name,
      evaluationType: input.evaluationType,
      status: input.status ?? 'pending',
      populationSize: input.populationSize ?? 50,
      generations: input.generations ?? 100,
      fitnessFunction: input.fitnessFunction ?? '',
      bestSolution: input.bestSolution ?? null,
      bestFitness: input.bestFitness ?? null,
      history: input.history ?? [],
      startedAt: input.status === 'running' ? new Date() : null,
      finishedAt: null,
    });
    await this.activity.audit({ action: 'create', entityType: 'optimization_run', entityId: run.id, after: run });
    return run;
  }

  async getRun(id: string, lock = false): Promise<OptimizationRun> {
    const run = await this.records.findRun(id, { lock });
    if (!run) throw new AnalyticsNotFoundError('optimization run', id);
    return run;
  }

  listRuns(query: { limit: number; cursor?: string; status?: RunStatus }): Promise<Page<OptimizationRun>> {
    return this.records.listRuns(query);
  }

  /**
   * Reports progress: status, best solution, and generations to append to the history
   * (`appendHistory`, so an engine reports each generation without resending the whole history).
   */
  async updateRun(id: string, input: Partial<RunFields> & { version: number; appendHistory?: unknown[] }): Promise<OptimizationRun> {
    const before = await this.getRun(id, true);
    if (before.version !== input.version) throw new StaleVersionError('OptimizationRun', id, input.version, before.version);
    const { version: _v, appendHistory, ...fields } = input;
    const now = new Date();
    await this.records.updateRun(
      id,
      defined({
        ...fields,
        history: appendHistory ? [...before.history, ...appendHistory] : fields.history,
        startedAt: fields.status === 'running' && !before.startedAt ? now : undefined,
        finishedAt: (fields.status === 'completed' || fields.status === 'failed') && !before.finishedAt ? now : undefined,
      }),
    );
    const after = await this.getRun(id);
    await this.activity.audit({
      action: 'update',
      entityType: 'optimization_run',
      entityId: id,
      before: { ...before, history: undefined },
      after: { ...after, history: undefined },
    });
    return after;
  }

  async deleteRun(id: string): Promise<void> {
    const before = await this.getRun(id);
    await this.records.deleteRun(id);
    await this.activity.audit({ action: 'delete', entityType: 'optimization_run', entityId: id, before: { ...before, history: undefined } });
  }

  async createModel(input: Partial<ModelFields> & Pick<ModelFields, 'name' | 'modelType' | 'algorithm'>): Promise<LearningModel> {
    const model = await this.records.insertModel({
      name: input.name.trim(),
      modelType: input.modelType,
      algorithm: input.algorithm,
      accuracy: input.accuracy ?? null,
      targetModules: [...new Set(input.targetModules ?? [])],
      parameters: input.parameters ?? {},
      status: input.status ?? 'training',
      trainedAt: input.trainedAt ?? null,
    });
    await this.activity.audit({ action: 'create', entityType: 'learning_model', entityId: model.id, after: model });
    return model;
  }

  async getModel(id: string, lock = false): Promise<LearningModel> {
    const model = await this.records.findModel(id, { lock });
    if (!model) throw new AnalyticsNotFoundError('learning model', id);
    return model;
  }

  listModels(query: { limit: number; cursor?: string }): Promise<Page<LearningModel>> {
    return this.records.listModels(query);
  }

  async updateModel(id: string, input: Partial<ModelFields> & { version: number }): Promise<LearningModel> {
    const before = await this.getModel(id, true);
    if (before.version !== input.version) throw new StaleVersionError('LearningModel', id, input.version, before.version);
    const { version: _v, ...fields } = input;
    await this.records.updateModel(id, defined({ ...fields, name: fields.name?.trim() }));
    const after = await this.getModel(id);
    await this.activity.audit({ action: 'update', entityType: 'learning_model', entityId: id, before, after });
    return after;
  }

  async deleteModel(id: string): Promise<void> {
    const before = await this.getModel(id);
    await this.records.deleteModel(id);
    await this.activity.audit({ action: 'delete', entityType: 'learning_model', entityId: id, before });
  }
}

import { Page } from '@switchyard/core';

export type RunStatus = 'pending' | 'running' | 'completed' | 'failed';

/** An evolutionary optimisation run (the seeds' openevolve_evaluations). */
export interface OptimizationRun {
  id: string;
  name: string;
  evaluationType: string;
  status: RunStatus;
  populationSize: number;
  generations: number;
  fitnessFunction: string;
  bestSolution: Record<string, unknown> | null;
  bestFitness: number | null;
  /** One entry per generation reported, e.g. { generation, bestFitness, meanFitness }. */
  history: unknown[];
  startedAt: Date | null;
  finishedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type ModelType = 'classification' | 'regression' | 'clustering' | 'time_series' | 'reinforcement' | 'recommendation';

export interface LearningModel {
  id: string;
  name: string;
  modelType: ModelType;
  algorithm: string;
  accuracy: number | null;
  targetModules: string[];
  parameters: Record<string, unknown>;
  status: 'training' | 'active' | 'retired';
  trainedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

type Editable<T> = Omit<T, 'id' | 'version' | 'createdAt' | 'updatedAt'>;
export type RunFields = Editable<OptimizationRun>;
export type ModelFields = Editable<LearningModel>;

/** Port: records of optimisation runs and learning models (the service keeps them; it trains nothing itself). */
export abstract class RecordsRepository {
  abstract insertRun(fields: RunFields): Promise<OptimizationRun>;
  /** `lock`: FOR UPDATE, so a change read-compare-written in the same transaction cannot lose a parallel one. */
  abstract findRun(id: string, options?: { lock?: boolean }): Promise<OptimizationRun | undefined>;
  abstract listRuns(query: { limit: number; cursor?: string; status?: RunStatus }): Promise<Page<OptimizationRun>>;
  abstract updateRun(id: string, fields: Partial<RunFields>): Promise<void>;
  abstract deleteRun(id: string): Promise<boolean>;

  abstract insertModel(fields: ModelFields): Promise<LearningModel>;
  abstract findModel(id: string, options?: { lock?: boolean }): Promise<LearningModel | undefined>;
  abstract listModels(query: { limit: number; cursor?: string }): Promise<Page<LearningModel>>;
  abstract updateModel(id: string, fields: Partial<ModelFields>): Promise<void>;
  abstract deleteModel(id: string): Promise<boolean>;
}

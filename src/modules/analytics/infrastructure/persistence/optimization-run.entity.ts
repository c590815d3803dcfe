import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity('optimization_runs')
@Check('optimization_runs_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('optimization_runs_evaluation_type_check', 'length(evaluation_type) BETWEEN 1 AND 100')
@Check('optimization_runs_status_check', `status IN ('pending', 'running', 'completed', 'failed')`)
@Check('optimization_runs_population_size_check', 'population_size BETWEEN 1 AND 100000')
@Check('optimization_runs_generations_check', 'generations BETWEEN 1 AND 1000000')
@Check('optimization_runs_fitness_function_check', 'length(fitness_function) <= 2000')
@Check('optimization_runs_history_check', `jsonb_typeof(history) = 'array'`)
@Index('optimization_runs_org_created_idx', ['organizationId', 'createdAt', 'id'])
export class OptimizationRunEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'optimization_runs_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  evaluationType: string;

  @Column('text', { default: 'pending' })
  status: string;

  @Column('integer', { default: 50 })
  populationSize: number;

  @Column('integer', { default: 100 })
  generations: number;

  @Column('text', { default: '' })
  fitnessFunction: string;

  @Column('jsonb', { nullable: true })
  bestSolution: Record<string, unknown> | null;

  @Column('double precision', { nullable: true })
  bestFitness: number | null;

  @Column('jsonb', { default: () => `'[]'` })
  history: unknown[];

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

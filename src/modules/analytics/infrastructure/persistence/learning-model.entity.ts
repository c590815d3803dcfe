import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity('learning_models')
@Check('learning_models_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('learning_models_model_type_check', `model_type IN ('classification', 'regression', 'clustering', 'time_series', 'reinforcement', 'recommendation')`)
@Check('learning_models_algorithm_check', 'length(algorithm) BETWEEN 1 AND 100')
@Check('learning_models_accuracy_check', 'accuracy BETWEEN 0 AND 1')
@Check('learning_models_target_modules_check', 'cardinality(target_modules) <= 20')
@Check('learning_models_parameters_check', `jsonb_typeof(parameters) = 'object'`)
@Check('learning_models_status_check', `status IN ('training', 'active', 'retired')`)
@Unique('learning_models_name_key', ['organizationId', 'name'])
export class LearningModelEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'learning_models_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  modelType: string;

  @Column('text')
  algorithm: string;

  @Column('numeric', { precision: 5, scale: 4, nullable: true })
  accuracy: string | null;

  @Column('text', { array: true, default: () => `'{}'` })
  targetModules: string[];

  @Column('jsonb', { default: () => `'{}'` })
  parameters: Record<string, unknown>;

  @Column('text', { default: 'training' })
  status: string;

  @Column('timestamptz', { nullable: true })
  trainedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

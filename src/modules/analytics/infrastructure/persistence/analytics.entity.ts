import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/*
 * The analytics tables exactly as migration Analytics leaves them (schema-drift checks it). RLS
 * policies, triggers, the roll-up views and the SQL functions live in the migration only.
 */

/** One metric point; partitioned by month on recorded_at (partition_register). `series` = md5 of the canonical tags. */
@Entity('metrics')
export class MetricEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'metrics_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('text')
  name: string;

  @PrimaryColumn('text')
  series: string;

  @PrimaryColumn('timestamptz')
  recordedAt: Date;

  @Column('double precision')
  value: number;

  @Column('text', { default: '' })
  unit: string;

  @Column('jsonb', { default: () => `'{}'` })
  tags: Record<string, string>;
}

/** Every series an organization has sent (name + md5 of tags), written by the ingestion statement. */
@Entity('metric_series')
// GIN on tags: TypeORM cannot declare the access method.
@Index('metric_series_tags_idx', { synchronize: false })
export class MetricSeriesEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'metric_series_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('text')
  name: string;

  @PrimaryColumn('text')
  series: string;

  @Column('jsonb', { default: () => `'{}'` })
  tags: Record<string, string>;

  @Column('timestamptz', { default: () => 'now()' })
  firstSeenAt: Date;
}

@Entity('knowledge_articles')
@Check('knowledge_articles_title_check', 'length(title) BETWEEN 1 AND 300')
@Check('knowledge_articles_content_check', 'length(content) <= 200000')
@Check('knowledge_articles_tags_check', 'cardinality(tags) <= 50')
@Check('knowledge_articles_project_ids_check', 'cardinality(project_ids) <= 100')
@Check('knowledge_articles_task_ids_check', 'cardinality(task_ids) <= 100')
@Index('knowledge_articles_org_created_idx', ['organizationId', 'createdAt', 'id'])
// GIN indexes (btree_gin over the weighted document, pg_trgm on the title, arrays): TypeORM cannot declare the access method.
@Index('knowledge_articles_search_idx', { synchronize: false })
@Index('knowledge_articles_title_trgm_idx', { synchronize: false })
@Index('knowledge_articles_tags_idx', { synchronize: false })
@Index('knowledge_articles_tasks_idx', { synchronize: false })
@Index('knowledge_articles_projects_idx', { synchronize: false })
export class KnowledgeArticleEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'knowledge_articles_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  content: string;

  @Column('text', { array: true, default: () => `'{}'` })
  tags: string[];

  @Column('uuid', { array: true, default: () => `'{}'` })
  projectIds: string[];

  @Column('uuid', { array: true, default: () => `'{}'` })
  taskIds: string[];

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('anomaly_rules')
@Check('anomaly_rules_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('anomaly_rules_metric_name_check', 'length(metric_name) BETWEEN 1 AND 200')
@Check('anomaly_rules_kind_check', `kind IN ('seasonal', 'threshold', 'percent_change')`)
@Check('anomaly_rules_sensitivity_check', 'sensitivity > 0 AND sensitivity <= 100')
@Check('anomaly_rules_percent_check', 'percent > 0')
@Check('anomaly_rules_direction_check', `direction IN ('above', 'below', 'both')`)
@Check('anomaly_rules_window_minutes_check', 'window_minutes BETWEEN 1 AND 10080')
@Check('anomaly_rules_severity_check', `severity IN ('info', 'warning', 'critical')`)
@Check('anomaly_rules_slot_check', 'slot BETWEEN 0 AND 59')
@Check('anomaly_rules_threshold_required_check', `kind <> 'threshold' OR threshold IS NOT NULL`)
@Check('anomaly_rules_percent_required_check', `kind <> 'percent_change' OR percent IS NOT NULL`)
@Index('anomaly_rules_org_created_idx', ['organizationId', 'createdAt', 'id'])
@Index('anomaly_rules_slot_idx', ['slot'], { where: 'enabled' })
export class AnomalyRuleEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'anomaly_rules_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  metricName: string;

  @Column('jsonb', { default: () => `'{}'` })
  tags: Record<string, string>;

  @Column('text')
  kind: string;

  @Column('double precision', { default: () => '3.5' })
  sensitivity: number;

  @Column('double precision', { nullable: true })
  threshold: number | null;

  @Column('double precision', { nullable: true })
  percent: number | null;

  @Column('text', { default: 'both' })
  direction: string;

  @Column('integer', { default: 60 })
  windowMinutes: number;

  @Column('text', { default: 'warning' })
  severity: string;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('smallint')
  slot: number;

  @Column('timestamptz', { nullable: true })
  lastEvaluatedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('anomalies')
@Check('anomalies_status_check', `status IN ('open', 'resolved')`)
@Check('anomalies_severity_check', `severity IN ('info', 'warning', 'critical')`)
@ForeignKey('anomaly_rules', ['organizationId', 'ruleId'], ['organizationId', 'id'], { name: 'anomalies_rule_fkey', onDelete: 'CASCADE' })
@Index('anomalies_open_key', ['organizationId', 'ruleId'], { unique: true, where: `status = 'open'` })
@Index('anomalies_org_started_idx', ['organizationId', 'startedAt', 'id'])
export class AnomalyEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'anomalies_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  ruleId: string;

  @Column('text')
  metricName: string;

  @Column('jsonb', { default: () => `'{}'` })
  tags: Record<string, string>;

  @Column('text', { default: 'open' })
  status: string;

  @Column('text')
  severity: string;

  @Column('double precision')
  observed: number;

  @Column('double precision', { nullable: true })
  expected: number | null;

  @Column('double precision', { nullable: true })
  score: number | null;

  @Column('jsonb', { default: () => `'{}'` })
  evidence: Record<string, unknown>;

  @Column('timestamptz')
  startedAt: Date;

  @Column('timestamptz')
  lastSeenAt: Date;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('alerts')
@Check('alerts_severity_check', `severity IN ('info', 'warning', 'critical')`)
@Check('alerts_status_check', `status IN ('open', 'acknowledged')`)
@Unique('alerts_anomaly_key', ['organizationId', 'anomalyId'])
@ForeignKey('anomalies', ['organizationId', 'anomalyId'], ['organizationId', 'id'], { name: 'alerts_anomaly_fkey', onDelete: 'CASCADE' })
@Index('alerts_org_created_idx', ['organizationId', 'createdAt', 'id'])
export class AlertEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'alerts_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  anomalyId: string;

  @Column('uuid')
  ruleId: string;

  @Column('text')
  severity: string;

  @Column('text')
  message: string;

  @Column('text', { default: 'open' })
  status: string;

  @Column('uuid', { nullable: true })
  acknowledgedBy: string | null;

  @Column('timestamptz', { nullable: true })
  acknowledgedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('learned_patterns')
@Check('learned_patterns_type_check', `type IN ('slow_phase', 'flaky_step', 'failure_message', 'agent_task_type_failure')`)
@Check('learned_patterns_key_check', 'length(key) BETWEEN 1 AND 500')
@Check('learned_patterns_confidence_check', 'confidence BETWEEN 0 AND 1')
@Check('learned_patterns_effectiveness_check', 'effectiveness BETWEEN 0 AND 1')
@Check('learned_patterns_occurrences_check', 'occurrences >= 0')
@Unique('learned_patterns_key_key', ['organizationId', 'type', 'key'])
@Index('learned_patterns_org_seen_idx', ['organizationId', 'lastSeenAt', 'id'])
export class LearnedPatternEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'learned_patterns_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  type: string;

  @Column('text')
  key: string;

  @Column('text')
  description: string;

  @Column('double precision')
  confidence: number;

  @Column('double precision', { nullable: true })
  effectiveness: number | null;

  @Column('integer', { default: 0 })
  occurrences: number;

  @Column('jsonb', { default: () => `'{}'` })
  evidence: Record<string, unknown>;

  @Column('timestamptz', { default: () => 'now()' })
  firstSeenAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  lastSeenAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('recommendations')
@Check('recommendations_status_check', `status IN ('open', 'accepted', 'dismissed', 'done')`)
@Unique('recommendations_pattern_key', ['organizationId', 'patternId'])
@ForeignKey('learned_patterns', ['organizationId', 'patternId'], ['organizationId', 'id'], { name: 'recommendations_pattern_fkey', onDelete: 'CASCADE' })
@Index('recommendations_org_created_idx', ['organizationId', 'createdAt', 'id'])
export class RecommendationEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'recommendations_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  patternId: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  body: string;

  @Column('text', { default: 'open' })
  status: string;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

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

@Entity('templates')
@Check('templates_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('templates_kind_check', `kind IN ('code_pattern', 'deployment_script', 'test_template', 'prompt_template')`)
@Check('templates_description_check', 'length(description) <= 10000')
@Check('templates_tags_check', 'cardinality(tags) <= 50')
@Check('templates_latest_version_check', 'latest_version >= 0')
@Unique('templates_name_key', ['organizationId', 'name'])
// GIN on tags: TypeORM cannot declare the access method.
@Index('templates_tags_idx', { synchronize: false })
export class TemplateEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'templates_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: string;

  @Column('text', { default: '' })
  description: string;

  @Column('text', { array: true, default: () => `'{}'` })
  tags: string[];

  @Column('integer', { default: 0 })
  latestVersion: number;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('template_versions')
@Check('template_versions_number_check', 'number > 0')
@Check('template_versions_content_check', 'length(content) <= 200000')
@Check('template_versions_variables_check', 'cardinality(variables) <= 100')
@Check('template_versions_changelog_check', 'length(changelog) <= 10000')
@Unique('template_versions_number_key', ['organizationId', 'templateId', 'number'])
@ForeignKey('templates', ['organizationId', 'templateId'], ['organizationId', 'id'], { name: 'template_versions_template_fkey', onDelete: 'CASCADE' })
export class TemplateVersionEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'template_versions_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  templateId: string;

  @Column('integer')
  number: number;

  @Column('text')
  content: string;

  @Column('text', { array: true, default: () => `'{}'` })
  variables: string[];

  @Column('text', { default: '' })
  changelog: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export const ANALYTICS_ENTITIES = [
  MetricEntity,
  MetricSeriesEntity,
  KnowledgeArticleEntity,
  AnomalyRuleEntity,
  AnomalyEntity,
  AlertEntity,
  LearnedPatternEntity,
  RecommendationEntity,
  OptimizationRunEntity,
  LearningModelEntity,
  TemplateEntity,
  TemplateVersionEntity,
];

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Activity } from './application/activity';
import { EventQuery } from './application/event-query';
import { EventsService } from './application/events.service';
import { AnalyticsSchedule } from './application/analytics-schedule';
import { AnomaliesService } from './application/anomalies.service';
import { AnomalyRepository } from './application/anomaly.repository';
import { KnowledgeRepository } from './application/knowledge.repository';
import { KnowledgeService } from './application/knowledge.service';
import { LearningRepository } from './application/learning.repository';
import { LearningService } from './application/learning.service';
import { MetricStore } from './application/metric-store';
import { MetricsService } from './application/metrics.service';
import { RecordsRepository } from './application/records.repository';
import { RecordsService } from './application/records.service';
import { RollupReader } from './application/rollups';
import { RollupsService } from './application/rollups.service';
import { SystemHealthReader } from './application/system-health';
import { SystemHealthService } from './application/system-health.service';
import { TemplateRepository } from './application/template.repository';
import { TemplatesService } from './application/templates.service';
import { AnomaliesController } from './infrastructure/http/anomalies.controller';
import { EventsController } from './infrastructure/http/events.controller';
import { KnowledgeController } from './infrastructure/http/knowledge.controller';
import { LearningController } from './infrastructure/http/learning.controller';
import { MetricsController } from './infrastructure/http/metrics.controller';
import { RollupsController, SystemHealthController } from './infrastructure/http/operations.controller';
import { RecordsController } from './infrastructure/http/records.controller';
import { TemplatesController } from './infrastructure/http/templates.controller';
import { AnalyticsJobs } from './infrastructure/jobs/analytics.jobs';
import { ActivityAdapter } from './infrastructure/persistence/activity.adapter';
import { MetricEntity } from './infrastructure/persistence/metric.entity';
import { MetricSeriesEntity } from './infrastructure/persistence/metric-series.entity';
import { KnowledgeArticleEntity } from './infrastructure/persistence/knowledge-article.entity';
import { AnomalyRuleEntity } from './infrastructure/persistence/anomaly-rule.entity';
import { AnomalyEntity } from './infrastructure/persistence/anomaly.entity';
import { AlertEntity } from './infrastructure/persistence/alert.entity';
import { LearnedPatternEntity } from './infrastructure/persistence/learned-pattern.entity';
import { RecommendationEntity } from './infrastructure/persistence/recommendation.entity';
import { OptimizationRunEntity } from './infrastructure/persistence/optimization-run.entity';
import { LearningModelEntity } from './infrastructure/persistence/learning-model.entity';
import { TemplateEntity } from './infrastructure/persistence/template.entity';
import { TemplateVersionEntity } from './infrastructure/persistence/template-version.entity';
import { EventQuerySqlRepository } from './infrastructure/persistence/event-query.sql-repository';
import { AnomalyTypeormRepository } from './infrastructure/persistence/anomaly.typeorm-repository';
import { KnowledgeTypeormRepository } from './infrastructure/persistence/knowledge.typeorm-repository';
import { LearningTypeormRepository } from './infrastructure/persistence/learning.typeorm-repository';
import { MetricSqlRepository } from './infrastructure/persistence/metric.sql-repository';
import { RecordsTypeormRepository } from './infrastructure/persistence/records.typeorm-repository';
import { RollupSqlRepository } from './infrastructure/persistence/rollup.sql-repository';
import { ScheduleSqlRepository } from './infrastructure/persistence/schedule.sql-repository';
import { SystemHealthSqlRepository } from './infrastructure/persistence/system-health.sql-repository';
import { TemplateTypeormRepository } from './infrastructure/persistence/template.typeorm-repository';

/** 2.7 Analytics & Learning: metrics, roll-ups, anomalies, knowledge base, learning, templates, system health. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
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
    ]),
  ],
  controllers: [
    MetricsController,
    RollupsController,
    AnomaliesController,
    KnowledgeController,
    LearningController,
    RecordsController,
    TemplatesController,
    SystemHealthController,
    EventsController,
  ],
  providers: [
    MetricsService,
    RollupsService,
    AnomaliesService,
    KnowledgeService,
    LearningService,
    RecordsService,
    TemplatesService,
    SystemHealthService,
    EventsService,
    AnalyticsJobs,
    { provide: Activity, useClass: ActivityAdapter },
    { provide: MetricStore, useClass: MetricSqlRepository },
    { provide: EventQuery, useClass: EventQuerySqlRepository },
    { provide: RollupReader, useClass: RollupSqlRepository },
    { provide: AnomalyRepository, useClass: AnomalyTypeormRepository },
    { provide: KnowledgeRepository, useClass: KnowledgeTypeormRepository },
    { provide: LearningRepository, useClass: LearningTypeormRepository },
    { provide: RecordsRepository, useClass: RecordsTypeormRepository },
    { provide: TemplateRepository, useClass: TemplateTypeormRepository },
    { provide: SystemHealthReader, useClass: SystemHealthSqlRepository },
    { provide: AnalyticsSchedule, useClass: ScheduleSqlRepository },
  ],
})
export class AnalyticsModule {}

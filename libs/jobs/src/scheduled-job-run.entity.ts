import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last tick each scheduled job ran for (migration ScheduledJobTicks): the ExclusiveJobRunner
 * claims a tick through scheduled_job_claim() so a tick runs once across replicas even when the
 * job is faster than the replicas' timer skew. Described here for the schema-drift test only.
 */
@Entity('scheduled_job_runs')
export class ScheduledJobRunEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'scheduled_job_runs_pkey' })
  job: string;

  @Column('timestamptz')
  lastTick: Date;

  @Column('text')
  lastRunBy: string;

  @Column('timestamptz', { default: () => 'now()' })
  lastRunAt: Date;
}

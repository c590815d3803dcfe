import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { Public } from '@switchyard/auth';
import { migrationState, WithoutTransaction } from '@switchyard/database';
import { JobQueue } from '@switchyard/jobs';
import { DataSource } from 'typeorm';

/** Kubernetes probes. Liveness never touches the database, so a database outage does not restart pods. */
@ApiTags('Health')
@Controller('health')
@Public()
@WithoutTransaction()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up (never checks the database)' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers, every migration of this build is applied (from the same files), the job workers run' })
  @ApiOkResponse({ schema: { example: { status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up', pending: 0 }, jobQueue: { status: 'up', workers: 'running' } } } } })
  @ApiServiceUnavailableResponse({ description: 'Not ready: a problem document whose `checks` says which check failed' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 2000 }), () => this.migrations(), () => this.jobQueue()]);
  }

  /** The job workers poll (or are turned off on purpose with JOB_WORKERS_ENABLED=false). */
  private jobQueue() {
    const check = this.indicator.check('jobQueue');
    if (!this.jobs.enabled) return check.up({ workers: 'disabled' });
    return this.jobs.running ? check.up({ workers: 'running' }) : check.down({ workers: 'stopped' });
  }

  private async migrations() {
    const check = this.indicator.check('migrations');
    try {
      const { pending, changed } = await migrationState(this.dataSource);
      if (changed.length > 0) return check.down({ changed, message: 'applied migrations differ from this build (a landed migration was edited)' });
      return pending.length === 0 ? check.up({ pending: 0 }) : check.down({ pending: pending.length, names: pending });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}

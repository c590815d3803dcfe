import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { Public } from '@switchyard/auth';
import { migrationState, WithoutTransaction } from '@switchyard/database';
import { ApiProblem } from '@switchyard/http';
import { JobQueue } from '@switchyard/jobs';
import { DataSource } from 'typeorm';

const CHECKS = {
  type: 'object' as const,
  description: 'Check name → its state (`status`: up or down, plus what the check reports)',
  additionalProperties: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up', 'down'] } }, additionalProperties: true },
};

class LivenessResponse {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: 'ok';
}

class ReadinessResponse {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: 'ok';
  @ApiProperty({ ...CHECKS, example: { database: { status: 'up' }, migrations: { status: 'up', pending: 0 }, jobQueue: { status: 'up', workers: 'running' } } })
  info: Record<string, unknown>;
  @ApiProperty({ ...CHECKS, example: {} }) error: Record<string, unknown>;
  @ApiProperty({ ...CHECKS, example: { database: { status: 'up' } } }) details: Record<string, unknown>;
}

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
  @ApiOkResponse({ type: LivenessResponse })
  live(): LivenessResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  // Documented here: terminus' own documentation describes a 503 body the problem filter replaces.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: the database answers, every migration of this build is applied (from the same files), the job workers run' })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiProblem(503, 'Not ready (`COMMON.UNAVAILABLE`): `checks` says which check failed', {
    checks: { type: 'object', properties: { status: { type: 'string', example: 'error' }, info: CHECKS, error: CHECKS, details: CHECKS } },
  })
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

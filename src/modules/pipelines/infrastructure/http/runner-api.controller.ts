import { Body, CanActivate, Controller, ExecutionContext, Headers, HttpCode, Injectable, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@switchyard/auth';
import { WithoutTransaction } from '@switchyard/database';
import { ApiProblem, ApiProblems, IdParam } from '@switchyard/http';
import type { FastifyReply } from 'fastify';
import { parseRunnerToken, RunnerApiService } from '../../application/runner-api.service';
import { RunnerUnauthenticatedError } from '../../domain/pipelines.errors';
import {
  ClaimQuery,
  StepClaimResponse,
  FinishStepRequest,
  FinishStepResponse,
  HeartbeatResponse,
  LogChunkAcceptedResponse,
  LogChunkRequest,
} from './pipeline.dto';

const bearer = (header: string | undefined) => (header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined);

/** Refuses a missing or malformed runner token before the body is validated (401 first); the service checks it against the runner row. */
@Injectable()
class RunnerTokenShapeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization;
    if (!parseRunnerToken(bearer(header))) throw new RunnerUnauthenticatedError();
    return true;
  }
}

/**
 * The runner API. Authenticated by the runner's own token (`Authorization: Bearer syr_...`), not
 * by a person's or an API key's: the routes are open to the platform's guard and the token is
 * checked by the service against the live runner row (unknown, rotated, disabled → 401).
 */
@ApiTags('Runner API')
@ApiBearerAuth('runner-token')
@UseGuards(RunnerTokenShapeGuard)
@ApiProblem(401, 'Missing, unknown, rotated or disabled runner token')
@Controller('v1/runner')
export class RunnerApiController {
  constructor(private readonly api: RunnerApiService) {}

  @Post('claim')
  @HttpCode(200)
  @Public()
  @WithoutTransaction()
  @ApiOperation({
    summary: 'Claim the next step (long-poll)',
    description:
      'Answers the next queued step of the runner’s organization whose labels the runner carries (priority, then age) under a lease, ' +
      'or waits up to `wait` seconds (at most PIPELINE_CLAIM_MAX_WAIT_SECONDS, 50 by default; up to a second more) and answers 204 if nothing came. ' +
      'Work queued while waiting is handed out at once. Two runners never get the same step.',
  })
  @ApiOkResponse({ type: StepClaimResponse })
  @ApiNoContentResponse({ description: 'Nothing to run within the wait' })
  @ApiProblems('400')
  async claim(@Headers('authorization') authorization: string | undefined, @Query() query: ClaimQuery, @Res() reply: FastifyReply) {
    const claimed = await this.api.claim(bearer(authorization), query.wait);
    if (!claimed) return reply.status(204).send();
    const { step, execution } = claimed;
    return reply.status(200).send({
      stepId: step.id,
      key: step.key,
      name: step.name,
      attempt: step.attempt,
      timeoutSeconds: step.timeoutSeconds,
      spec: step.spec,
      leaseExpiresAt: step.leaseExpiresAt,
      execution,
    });
  }

  @Post('steps/:stepId/heartbeat')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Extend the lease of a held step', description: '`cancel: true` tells the runner to stop (cancelled or timed out).' })
  @ApiOkResponse({ type: HeartbeatResponse })
  @ApiProblems('400', '409')
  heartbeat(@Headers('authorization') authorization: string | undefined, @IdParam('stepId') stepId: string) {
    return this.api.heartbeat(bearer(authorization), stepId);
  }

  @Post('steps/:stepId/logs')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Append a log chunk of a held step', description: 'Chunks in order (seq 0, 1, 2...: another answers 409); over the size cap 413.' })
  @ApiOkResponse({ type: LogChunkAcceptedResponse })
  @ApiProblems('400', '409')
  @ApiProblem(413, 'The step’s log would exceed PIPELINE_LOG_MAX_BYTES')
  log(@Headers('authorization') authorization: string | undefined, @IdParam('stepId') stepId: string, @Body() body: LogChunkRequest) {
    return this.api.appendLog(bearer(authorization), stepId, body.seq, body.content);
  }

  @Post('steps/:stepId/finish')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Finish a held step with its exit code and artifacts',
    description: 'Exit 0 succeeds; a retryable code with attempts left queues it again (automatic retry); otherwise it fails and its dependants are skipped.',
  })
  @ApiOkResponse({ type: FinishStepResponse })
  @ApiProblems('400', '409', '422')
  finish(@Headers('authorization') authorization: string | undefined, @IdParam('stepId') stepId: string, @Body() body: FinishStepRequest) {
    return this.api.finish(bearer(authorization), stepId, body);
  }
}

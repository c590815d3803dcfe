import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchyard/auth';
import { ApiProblem, ApiProblems } from '@switchyard/http';
import { MetricsService } from '../../application/metrics.service';
import { MAX_POINTS_PER_BATCH } from '../../domain/metric-query';
import { IngestMetricsRequest, IngestMetricsResponse, MetricNamesResponse, SeriesQueryDto, SeriesResponse } from './metric.dto';

@ApiTags('Metrics')
@Controller('v1/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Post()
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({
    summary: `Ingest a batch of metric points (up to ${MAX_POINTS_PER_BATCH})`,
    description: 'Validated, then written in one set-based statement. A point whose series (name + tags) and time are already stored is kept once.',
  })
  @ApiOkResponse({ type: IngestMetricsResponse })
  @ApiProblems('400')
  @ApiProblem(413, `More than ${MAX_POINTS_PER_BATCH} points (\`ANALYTICS.TOO_MANY_POINTS\`)`)
  async ingest(@Body() body: IngestMetricsRequest): Promise<IngestMetricsResponse> {
    return this.metrics.ingest(body.points.map((p) => ({ name: p.name, time: p.time, value: p.value, unit: p.unit ?? '', tags: p.tags ?? {} })));
  }

  @Get('series')
  @Roles('viewer')
  @ApiOperation({
    summary: 'A series downsampled: avg, min, max, p95, count and sum per bucket',
    description: 'Every series of the name whose tags contain `tags`, in [from, to). At most 400 days and 2,000 buckets.',
  })
  @ApiOkResponse({ type: SeriesResponse })
  @ApiProblems('400', '422')
  series(@Query() query: SeriesQueryDto) {
    return this.metrics.series({ name: query.name, tags: query.tags ?? {}, from: query.from, to: query.to, bucketSeconds: query.bucket });
  }

  @Get('names')
  @Roles('viewer')
  @ApiOperation({ summary: 'Metric names seen in the last 30 days, with their series count' })
  @ApiOkResponse({ type: MetricNamesResponse })
  async names(): Promise<MetricNamesResponse> {
    return { items: await this.metrics.names() };
  }
}

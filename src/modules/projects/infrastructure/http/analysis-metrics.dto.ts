import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { LANGUAGES } from '../../domain/repository';

/**
 * The documented shapes of an analysis run's metrics, results and comparisons (domain/analysis.ts).
 * Maps keyed by language or metric name are written as `additionalProperties` of one schema.
 */

const LANGUAGE_KEYS = `Keyed by language (${LANGUAGES.join(', ')})`;

export class CodeMetricsResponse {
  @ApiProperty({ type: 'integer', example: 182 }) files: number;
  @ApiProperty({ type: 'integer', example: 24110 }) linesOfCode: number;
  @ApiProperty({ type: 'integer', example: 2210 }) commentLines: number;
  @ApiProperty({ type: 'integer', example: 3120 }) blankLines: number;
  @ApiProperty({ type: 'integer', example: 1405 }) functions: number;
  @ApiProperty({ type: 'integer', example: 96 }) classes: number;
  @ApiProperty({ type: Number, nullable: true, example: 2.41, description: 'Mean cyclomatic complexity per function; null without functions' })
  averageComplexity: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 31 }) maxComplexity: number | null;
}

export class CoverageMetricsResponse {
  @ApiProperty({ type: Number, nullable: true, example: 81.4, description: 'Percent; null when the report does not say' }) lines: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 70.2 }) branches: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 77.9 }) functions: number | null;
  @ApiProperty({ enum: ['lcov', 'cobertura'], example: 'lcov' }) format: string;
  @ApiProperty({ example: 'coverage/lcov.info' }) report: string;
}

@ApiExtraModels(CodeMetricsResponse)
export class AnalysisMetricsResponse extends CodeMetricsResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(CodeMetricsResponse) },
    description: LANGUAGE_KEYS,
    example: {
      typescript: {
        files: 160,
        linesOfCode: 21800,
        commentLines: 2000,
        blankLines: 2900,
        functions: 1300,
        classes: 90,
        averageComplexity: 2.38,
        maxComplexity: 31,
      },
    },
  })
  languages: Record<string, CodeMetricsResponse>;
  @ApiProperty({ type: CoverageMetricsResponse, nullable: true }) coverage: CoverageMetricsResponse | null;
}

export class HotspotResponse {
  @ApiProperty({ example: 'src/checkout.ts' }) path: string;
  @ApiProperty({ example: 'applyDiscounts' }) name: string;
  @ApiProperty({ type: 'integer', example: 42 }) line: number;
  @ApiProperty({ type: 'integer', example: 31 }) complexity: number;
}

export class AnalysisTimingsResponse {
  @ApiProperty({ type: 'integer', example: 850 }) checkoutMs: number;
  @ApiProperty({ type: 'integer', example: 2400 }) analysisMs: number;
}

export class AnalysisResultsResponse {
  @ApiProperty({ example: 'tree-sitter@0.25' }) analyzer: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { excluded: 12, unsupported_language: 40 },
    description: 'Files left out, by reason (excluded, unsupported language, too large, unreadable, symlink)',
  })
  skipped: Record<string, number>;
  @ApiProperty({ type: 'integer', example: 0 }) filesWithSyntaxErrors: number;
  @ApiProperty({ type: [HotspotResponse], description: 'The most complex functions' }) hotspots: HotspotResponse[];
  @ApiProperty({ type: AnalysisTimingsResponse }) timings: AnalysisTimingsResponse;
  @ApiProperty({ type: Number, nullable: true, example: 12300 }) linesPerSecond: number | null;
}

export class MetricChangeResponse {
  @ApiProperty({ type: Number, nullable: true, example: 24110 }) base: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 24530 }) head: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 420 }) delta: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1.74, description: 'Relative change in percent; null when the base is 0 or absent' })
  percent: number | null;
}

const CHANGES_BY_METRIC = { type: 'object', additionalProperties: { $ref: getSchemaPath(MetricChangeResponse) } } as const;

export class WorsenedHotspotResponse extends HotspotResponse {
  @ApiProperty({ type: 'integer', nullable: true, example: 9, description: 'Its complexity in the base run; null when new' }) before: number | null;
}

@ApiExtraModels(MetricChangeResponse)
export class RunComparisonResponse {
  @ApiProperty({
    ...CHANGES_BY_METRIC,
    description: 'Keyed by metric (files, linesOfCode, …, coverage)',
    example: { linesOfCode: { base: 24110, head: 24530, delta: 420, percent: 1.74 } },
  })
  metrics: Record<string, MetricChangeResponse>;
  @ApiProperty({
    type: 'object',
    additionalProperties: CHANGES_BY_METRIC,
    description: `${LANGUAGE_KEYS}, then by metric`,
    example: { typescript: { linesOfCode: { base: 21800, head: 22220, delta: 420, percent: 1.93 } } },
  })
  languages: Record<string, Record<string, MetricChangeResponse>>;
  @ApiProperty({ enum: LANGUAGES, isArray: true, example: [] }) languagesAdded: string[];
  @ApiProperty({ enum: LANGUAGES, isArray: true, example: [] }) languagesRemoved: string[];
  @ApiProperty({ type: [WorsenedHotspotResponse], description: 'Hotspots of the head run that are new or got more complex' })
  hotspotsWorsened: WorsenedHotspotResponse[];
}

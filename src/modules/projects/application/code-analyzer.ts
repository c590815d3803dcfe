import { AnalysisMetrics, AnalysisResults, AnalysisType } from '../domain/analysis';
import { AnalysisConfig } from '../domain/repository';

export interface AnalyzeOptions {
  type: AnalysisType;
  config: AnalysisConfig;
  maxFileBytes: number;
  maxFiles: number;
}

export interface AnalysisReport {
  metrics: AnalysisMetrics;
  results: Omit<AnalysisResults, 'timings' | 'linesPerSecond'>;
}

/**
 * Port: analyses a checked-out tree. The default adapter parses with tree-sitter; another
 * analyser (a SonarQube bridge, a language server) plugs in by providing this token.
 */
export abstract class CodeAnalyzer {
  /** Name and version, recorded on every run. */
  abstract readonly name: string;
  abstract analyze(root: string, options: AnalyzeOptions): Promise<AnalysisReport>;
}

/** Why obtaining or analysing a tree failed, and whether trying again could help. */
export class AnalysisFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'AnalysisFailure';
  }
}

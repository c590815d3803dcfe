import { median } from './statistics';

export type PatternType = 'slow_phase' | 'flaky_step' | 'failure_message' | 'agent_task_type_failure';

export interface MinedPattern {
  type: PatternType;
  key: string;
  description: string;
  confidence: number;
  occurrences: number;
  evidence: Record<string, unknown>;
  recommendation: { title: string; body: string };
}

export interface PhaseDurations {
  workflowId: string;
  workflowName: string;
  phaseId: string;
  phaseName: string;
  /** Cycle times (start → done) of the phase's finished tasks, in seconds. */
  samples: number;
  p50Seconds: number;
}

/** Phases need this many finished tasks before they are compared. */
export const MIN_PHASE_SAMPLES = 3;
/** A phase is slow when its median is at least this many times the median of its workflow's phases. */
export const SLOW_RATIO = 2;

/**
 * Slow workflow phases: within one workflow, a phase whose median cycle time is at least twice
 * the median of the phases' medians. Confidence grows with the evidence (samples, saturating at
 * 20) and with how far past the ratio the phase is.
 */
export function slowPhases(phases: readonly PhaseDurations[]): MinedPattern[] {
  const byWorkflow = new Map<string, PhaseDurations[]>();
  for (const phase of phases.filter((p) => p.samples >= MIN_PHASE_SAMPLES)) {
    byWorkflow.set(phase.workflowId, [...(byWorkflow.get(phase.workflowId) ?? []), phase]);
  }
  const patterns: MinedPattern[] = [];
  for (const list of byWorkflow.values()) {
    if (list.length < 2) continue;
    for (const phase of list) {
      const others = median(list.filter((p) => p !== phase).map((p) => p.p50Seconds));
      if (!(others > 0)) continue;
      const ratio = phase.p50Seconds / others;
      if (ratio < SLOW_RATIO) continue;
      const confidence = Math.min(1, phase.samples / 20) * Math.min(1, ratio / (2 * SLOW_RATIO) + 0.5);
      patterns.push({
        type: 'slow_phase',
        key: phase.phaseId,
        description: `Phase "${phase.phaseName}" of workflow "${phase.workflowName}" takes ${ratio.toFixed(1)}× as long as its other phases (median ${hours(phase.p50Seconds)} vs ${hours(others)})`,
        confidence: round(confidence),
        occurrences: phase.samples,
        evidence: {
          workflowId: phase.workflowId,
          phaseId: phase.phaseId,
          medianSeconds: phase.p50Seconds,
          otherPhasesMedianSeconds: others,
          ratio: round(ratio),
          samples: phase.samples,
        },
        recommendation: {
          title: `Split or staff the "${phase.phaseName}" phase`,
          body: `Tasks spend ${ratio.toFixed(1)}× longer in "${phase.phaseName}" than in the other phases of "${phase.workflowName}". Look for waiting (reviews, hand-offs) or tasks too large for one phase.`,
        },
      });
    }
  }
  return patterns;
}

export interface StepOutcomes {
  /** What fails, e.g. a pipeline step name or an agent and task type. */
  key: string;
  label: string;
  runs: number;
  failures: number;
  /** Failures followed by a success of the same subject without a change: a retry that passed. */
  flips: number;
}

/**
 * Flaky subjects: failing sometimes (between 5 % and 95 % of runs) and passing on a retry at least
 * twice. Confidence: the share of failures that flipped, scaled by the evidence.
 */
export function flakySubjects(type: PatternType, outcomes: readonly StepOutcomes[]): MinedPattern[] {
  return outcomes
    .filter((o) => o.runs >= 5 && o.failures / o.runs >= 0.05 && o.failures / o.runs <= 0.95 && (type !== 'flaky_step' || o.flips >= 2))
    .map((o) => {
      const rate = o.failures / o.runs;
      const confidence = Math.min(1, o.runs / 30) * (type === 'flaky_step' ? Math.min(1, o.flips / Math.max(1, o.failures)) : rate);
      return {
        type,
        key: o.key,
        description: `${o.label} failed ${o.failures} of ${o.runs} runs (${Math.round(rate * 100)} %)`,
        confidence: round(confidence),
        occurrences: o.failures,
        evidence: { runs: o.runs, failures: o.failures, flips: o.flips, failureRate: round(rate) },
        recommendation:
          type === 'flaky_step'
            ? {
                title: `Stabilise ${o.label}`,
                body: `It passes on retry after failing (${o.flips} times): a timing or environment dependency, not the change under test.`,
              }
            : { title: `Review ${o.label}`, body: `Its failure rate is ${Math.round(rate * 100)} %; route such tasks elsewhere or improve its instructions.` },
      };
    });
}

export interface FailureMessage {
  /** Where it failed: `agent_run` (the run's error) or `pipeline_execution` (the execution's reason). */
  source: 'agent_run' | 'pipeline_execution';
  message: string;
  at: Date;
}

/** A message must come back this many times in the window to be a pattern. */
export const MIN_RECURRING_FAILURES = 3;

/**
 * The shape of a failure message with what changes from one occurrence to the next taken out
 * (ids, hashes, numbers, quoted values, paths' line numbers), so "timeout after 30 s on
 * 3f2a…" and "timeout after 45 s on 9c1b…" are one message.
 */
export function failureSignature(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\b[0-9a-f]{7,64}\b/gi, (hex) => (/[0-9]/.test(hex) ? '<hex>' : hex))
    .replace(/(["'`])(?:(?!\1).){0,200}\1/g, '<value>')
    .replace(/\d+(?:\.\d+)?/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

/**
 * Recurring failure messages: failures of one source whose messages share a signature at least
 * MIN_RECURRING_FAILURES times. Confidence grows with the occurrences (saturating at 10).
 */
export function recurringFailures(failures: readonly FailureMessage[]): MinedPattern[] {
  const groups = new Map<string, { source: FailureMessage['source']; signature: string; example: string; count: number; first: Date; last: Date }>();
  for (const failure of failures) {
    const signature = failureSignature(failure.message);
    if (!signature) continue;
    const key = `${failure.source}:${signature}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { source: failure.source, signature, example: failure.message.slice(0, 500), count: 1, first: failure.at, last: failure.at });
    else {
      group.count += 1;
      if (failure.at < group.first) group.first = failure.at;
      if (failure.at > group.last) {
        group.last = failure.at;
        group.example = failure.message.slice(0, 500);
      }
    }
  }
  const what = { agent_run: 'agent runs', pipeline_execution: 'pipeline executions' } as const;
  return [...groups.entries()]
    .filter(([, group]) => group.count >= MIN_RECURRING_FAILURES)
    .map(([key, group]) => ({
      type: 'failure_message' as const,
      key,
      description: `${group.count} ${what[group.source]} failed with "${group.signature}"`,
      confidence: round(Math.min(1, group.count / 10)),
      occurrences: group.count,
      evidence: {
        source: group.source,
        signature: group.signature,
        example: group.example,
        firstAt: group.first.toISOString(),
        lastAt: group.last.toISOString(),
      },
      recommendation: {
        title: `Fix the recurring failure of ${what[group.source]}: ${group.signature.slice(0, 80)}`,
        body: `The same failure came back ${group.count} times (latest: "${group.example.slice(0, 200)}"). One fix, or a knowledge base article for it, covers every occurrence.`,
      },
    }));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function hours(seconds: number): string {
  return `${(seconds / 3600).toFixed(1)} h`;
}

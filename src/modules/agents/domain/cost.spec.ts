import { estimateAfter, estimateBefore, estimateTokens } from './cost';

const pricing = { inputUsdPerMillion: 3, outputUsdPerMillion: 15, expectedOutputTokens: 4000 };

describe('cost estimates (the Codegen API reports no tokens nor cost)', () => {
  it('takes ~4 characters per token', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens(null)).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });

  it('reserves the expected output before the run, at the configured prices', () => {
    const before = estimateBefore('x'.repeat(400), {}, pricing);
    expect(before).toEqual({ inputTokens: 100, outputTokens: 4000, costUsd: 0.0603 });
    const withContext = estimateBefore('x'.repeat(400), { repository: 'acme/app' }, pricing);
    expect(withContext.inputTokens).toBe(100 + Math.ceil(JSON.stringify({ repository: 'acme/app' }).length / 4));
  });

  it('prices the real result after the run', () => {
    expect(estimateAfter(100, 'y'.repeat(800), 'z'.repeat(40), pricing)).toEqual({ inputTokens: 100, outputTokens: 210, costUsd: 0.00345 });
    expect(estimateAfter(100, null, null, pricing).outputTokens).toBe(0);
  });
});

/**
 * Tokens and cost are ESTIMATES: the Codegen API reports neither. A token is taken as ~4
 * characters (the usual rule of thumb for English text and code with GPT-style tokenizers); the
 * price per million tokens is configurable (AGENTS_PRICE_*). A provider that reports real figures
 * fills `reported*` and budgets use those instead.
 */
export interface Pricing {
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
  /** Output tokens assumed before a run has a result (what a new run reserves against the budget). */
  expectedOutputTokens: number;
}

export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string | null | undefined): number {
  return text ? Math.ceil(text.length / CHARS_PER_TOKEN) : 0;
}

export interface CostEstimate {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Before the run: the prompt (and its context) plus the expected output. */
export function estimateBefore(prompt: string, context: Record<string, unknown>, pricing: Pricing): CostEstimate {
  const inputTokens = estimateTokens(prompt) + estimateTokens(Object.keys(context).length ? JSON.stringify(context) : '');
  return price(inputTokens, pricing.expectedOutputTokens, pricing);
}

/** After the run: the same input, and the output the result really had. */
export function estimateAfter(inputTokens: number, result: string | null, summary: string | null, pricing: Pricing): CostEstimate {
  return price(inputTokens, estimateTokens(result) + estimateTokens(summary), pricing);
}

function price(inputTokens: number, outputTokens: number, pricing: Pricing): CostEstimate {
  const cost = (inputTokens * pricing.inputUsdPerMillion + outputTokens * pricing.outputUsdPerMillion) / 1_000_000;
  return { inputTokens, outputTokens, costUsd: Math.round(cost * 1e6) / 1e6 };
}

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/**
 * List prices for estimates only (the bill is the provider's). As published on 2026-05-07 at
 * https://openai.com/api/pricing/ and
 * https://platform.claude.com/docs/en/models/haiku-4-5/overview (and the models overview for the
 * others); check there before trusting a figure. Models not listed are costed as unknown.
 */
export const PRICES_AS_OF = '2026-05-07';

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
};

/** A dated snapshot name ("claude-haiku-4-5-20251001", "gpt-4o-mini-2024-07-18") costs what its alias costs. */
export function priceOf(model: string): ModelPrice | undefined {
  const exact = MODEL_PRICES[model];
  if (exact) return exact;
  const alias = Object.keys(MODEL_PRICES)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return alias === undefined ? undefined : MODEL_PRICES[alias];
}

export function costUsd(model: string, inputTokens: number, outputTokens: number): number | undefined {
  const price = priceOf(model);
  return price && (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}

/** What a model costs for a request of this size; a model without a known price ranks last. */
export function rankingCost(model: string, inputTokens: number, outputTokens: number): number {
  return costUsd(model, inputTokens, outputTokens) ?? Number.POSITIVE_INFINITY;
}

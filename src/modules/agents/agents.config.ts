import { ConfigType, defineSettings } from '@switchyard/config';

/** The agents module's own settings (providers, the run worker, cost estimates), checked at boot with the rest. */
export const agentsConfig = defineSettings({
  area: 'agents',
  variables: {
    AGENTS_CODEGEN_BASE_URL: { default: 'https://api.codegen.com', meaning: 'base URL of the Codegen API (through the outbound gate)' },
    AGENTS_CODEGEN_CREATES_PER_MINUTE: { default: '10', meaning: 'Codegen run creations allowed per provider account per minute, across replicas' },
    AGENTS_CODEGEN_READS_PER_30S: { default: '60', meaning: 'Codegen run reads allowed per provider account per 30 s, across replicas' },
    AGENTS_PROVIDER_TIMEOUT_MS: { default: '15000', meaning: 'time limit of one provider request' },
    AGENTS_POLL_BASE_MS: { default: '5000', meaning: 'first delay before a running run is polled; each poll waits 1.5× longer' },
    AGENTS_POLL_MAX_MS: { default: '120000', meaning: 'longest delay between two polls of a running run' },
    AGENTS_RUN_TIMEOUT_MS: { default: '7200000', meaning: 'a run still running after this long is failed' },
    AGENTS_RETRY_BASE_MS: { default: '2000', meaning: 'first delay after a provider 5xx or timeout; doubles per attempt' },
    AGENTS_RETRY_MAX_MS: { default: '300000', meaning: 'longest delay between provider retries' },
    AGENTS_MAX_SUBMIT_ATTEMPTS: { default: '8', meaning: 'provider errors a submission survives before the run fails' },
    AGENTS_CIRCUIT_THRESHOLD: { default: '5', meaning: 'consecutive provider failures that open the circuit of a provider account' },
    AGENTS_CIRCUIT_COOLDOWN_MS: { default: '30000', meaning: 'how long an open circuit leaves the provider account alone' },
    AGENTS_CAPACITY_RETRY_MS: { default: '5000', meaning: 'how soon a queued run waiting for a free slot looks again' },
    AGENTS_WORKER_CONCURRENCY: { default: '8', meaning: 'agent-run jobs this process works on at once' },
    AGENTS_PRICE_INPUT_MICRO_USD_PER_TOKEN: { default: '3', meaning: 'estimated price of an input token, in millionths of a USD' },
    AGENTS_PRICE_OUTPUT_MICRO_USD_PER_TOKEN: { default: '15', meaning: 'estimated price of an output token, in millionths of a USD' },
    AGENTS_EXPECTED_OUTPUT_TOKENS: { default: '4000', meaning: 'output tokens a new run reserves against the budget until its result is known' },
  },
  parse: (read) => ({
    codegenBaseUrl: read.optionalUrl('AGENTS_CODEGEN_BASE_URL', ['https:', 'http:']) ?? 'https://api.codegen.com',
    codegenCreatesPerMinute: read.integer('AGENTS_CODEGEN_CREATES_PER_MINUTE', 10, 1, 100_000),
    codegenReadsPer30s: read.integer('AGENTS_CODEGEN_READS_PER_30S', 60, 1, 1_000_000),
    providerTimeoutMs: read.integer('AGENTS_PROVIDER_TIMEOUT_MS', 15_000, 100, 300_000),
    pollBaseMs: read.integer('AGENTS_POLL_BASE_MS', 5000, 10, 3_600_000),
    pollMaxMs: read.integer('AGENTS_POLL_MAX_MS', 120_000, 10, 86_400_000),
    runTimeoutMs: read.integer('AGENTS_RUN_TIMEOUT_MS', 7_200_000, 1000, 7 * 86_400_000),
    retryBaseMs: read.integer('AGENTS_RETRY_BASE_MS', 2000, 10, 3_600_000),
    retryMaxMs: read.integer('AGENTS_RETRY_MAX_MS', 300_000, 10, 86_400_000),
    maxSubmitAttempts: read.integer('AGENTS_MAX_SUBMIT_ATTEMPTS', 8, 1, 100),
    circuitThreshold: read.integer('AGENTS_CIRCUIT_THRESHOLD', 5, 1, 1000),
    circuitCooldownMs: read.integer('AGENTS_CIRCUIT_COOLDOWN_MS', 30_000, 10, 3_600_000),
    capacityRetryMs: read.integer('AGENTS_CAPACITY_RETRY_MS', 5000, 10, 3_600_000),
    workerConcurrency: read.integer('AGENTS_WORKER_CONCURRENCY', 8, 1, 1000),
    pricing: {
      inputUsdPerMillion: read.integer('AGENTS_PRICE_INPUT_MICRO_USD_PER_TOKEN', 3, 0, 1_000_000),
      outputUsdPerMillion: read.integer('AGENTS_PRICE_OUTPUT_MICRO_USD_PER_TOKEN', 15, 0, 1_000_000),
      expectedOutputTokens: read.integer('AGENTS_EXPECTED_OUTPUT_TOKENS', 4000, 0, 10_000_000),
    },
  }),
});

export type AgentsSettings = ConfigType<typeof agentsConfig>;

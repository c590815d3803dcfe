import { defineSettings } from '@switchyard/config';

/** How long an `Idempotency-Key` is remembered (the scheduler's purge removes older records). */
export const idempotencyConfig = defineSettings({
  area: 'idempotency',
  variables: {
    IDEMPOTENCY_TTL_HOURS: { default: '24', meaning: 'how long an Idempotency-Key is remembered' },
  },
  parse: (read) => ({ ttlHours: read.integer('IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 30) }),
});

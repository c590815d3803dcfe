import { defineSettings } from '@switchyard/config';

/**
 * The organizations module's own settings: the attempt budgets besides LOGIN_MAX_ATTEMPTS /
 * LOGIN_WINDOW_SECONDS (platform settings, kept where they were documented first).
 */
export const attemptLimitsConfig = defineSettings({
  area: 'attemptLimits',
  variables: {
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: {
      default: '100',
      meaning: 'wrong passwords allowed per client address per LOGIN_WINDOW_SECONDS, whatever the account (slows password spraying)',
    },
    SIGNUP_MAX_PER_ADDRESS: { default: '20', meaning: 'sign-ups per client address per SIGNUP_WINDOW_SECONDS' },
    SIGNUP_WINDOW_SECONDS: { default: '3600', meaning: 'the window of SIGNUP_MAX_PER_ADDRESS' },
  },
  parse: (read) => ({
    passwordAttemptsPerAddress: read.integer('LOGIN_MAX_ATTEMPTS_PER_ADDRESS', 100, 1, 1_000_000),
    signupsPerAddress: read.integer('SIGNUP_MAX_PER_ADDRESS', 20, 1, 1_000_000),
    signupWindowSeconds: read.integer('SIGNUP_WINDOW_SECONDS', 3600, 1, 86_400),
  }),
});

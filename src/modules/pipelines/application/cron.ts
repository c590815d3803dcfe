import { validateCronExpression } from 'cron';

/** Whether a cron expression is valid for the scheduler (5 or 6 fields, UTC). */
export const isCron = (expression: string) => validateCronExpression(expression).valid;

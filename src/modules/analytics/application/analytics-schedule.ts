/** Port: the cross-tenant lists the scheduled jobs start from (SECURITY DEFINER functions answering ids only). */
export abstract class AnalyticsSchedule {
  /** Enabled rules whose evaluation slot (minute of the hour) is `slot`, by organization. */
  abstract dueRules(slot: number): Promise<Map<string, string[]>>;
  /** Organizations that finished tasks since `since`. */
  abstract activeOrganizations(since: Date): Promise<string[]>;
}

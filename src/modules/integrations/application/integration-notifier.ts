import { Injectable } from '@nestjs/common';
import { IntegrationRepository } from './integration.repository';
import { WorkQueue } from './ports';

export const NOTIFICATION_KINDS = ['pipeline.failed', 'agent_run.finished', 'anomaly.raised'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Notifications out, for other modules (front door): each Slack integration of the current
 * organization whose `slack.notify` lists the kind gets a message in its channel, as an outbound
 * job written in the caller's transaction (sent once the caller's change committed, retried,
 * rate limited and recorded like every call).
 */
@Injectable()
export class IntegrationNotifier {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly queue: WorkQueue,
  ) {}

  async notify(kind: NotificationKind, text: string): Promise<number> {
    let sent = 0;
    let cursor: string | undefined;
    do {
      const page = await this.integrations.list({ limit: 100, cursor, platform: 'slack' });
      for (const integration of page.items) {
        const slack = integration.configuration.slack;
        if (integration.status === 'disabled' || !slack?.channel || !(slack.notify ?? []).includes(kind)) continue;
        await this.queue.enqueueOutbound({ integrationId: integration.id, action: { kind: 'slack.post_message', channel: slack.channel, text } });
        sent += 1;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return sent;
  }
}

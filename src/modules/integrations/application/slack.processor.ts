import { Injectable } from '@nestjs/common';
import { Integration } from '../domain/integration';
import { StoredDelivery } from './delivery.repository';
import { PlatformProcessor, ProcessResult } from './delivery-processor';
import { MappingRepository } from './mapping.repository';
import { TasksGateway, WorkQueue } from './ports';

/**
 * Slack: a slash command (`/task Fix the login page`) creates a task in the configured project and
 * answers through the command's response_url (an outbound job); the trigger id maps to the task,
 * so a replay creates nothing twice. Other events are recorded and ignored.
 */
@Injectable()
export class SlackProcessor extends PlatformProcessor {
  readonly platform = 'slack' as const;

  constructor(
    private readonly mappings: MappingRepository,
    private readonly tasks: TasksGateway,
    private readonly queue: WorkQueue,
  ) {
    super();
  }

  async process(integration: Integration, delivery: StoredDelivery, body: Record<string, any>): Promise<ProcessResult> {
    if (typeof body.command !== 'string') return { status: 'ignored', outcome: { reason: `Slack ${delivery.event} is not mapped` } };
    const triggerId = delivery.dedupKey;
    const existing = await this.mappings.find(integration.id, 'slash_command', triggerId);
    if (existing) return { status: 'processed', outcome: { taskId: existing.entityId, created: false } };
    const projectId = integration.configuration.slack?.projectId;
    const title = String(body.text ?? '')
      .trim()
      .slice(0, 500);
    if (!projectId || !title) {
      if (typeof body.response_url === 'string')
        await this.queue.enqueueOutbound({
          integrationId: integration.id,
          action: {
            kind: 'slack.respond',
            responseUrl: body.response_url,
            text: projectId ? 'Usage: /task <title>' : 'No project is configured for tasks from Slack',
          },
        });
      return { status: 'ignored', outcome: { reason: projectId ? 'empty title' : 'no slack.projectId configured' } };
    }
    const task = await this.tasks.create({
      projectId,
      title,
      metadata: { slack: { userId: body.user_id, userName: body.user_name, channelId: body.channel_id, teamId: body.team_id } },
    });
    await this.mappings.insert({
      integrationId: integration.id,
      platform: 'slack',
      externalType: 'slash_command',
      externalId: triggerId,
      entityType: 'task',
      entityId: task.id,
    });
    if (typeof body.response_url === 'string')
      await this.queue.enqueueOutbound({
        integrationId: integration.id,
        action: { kind: 'slack.respond', responseUrl: body.response_url, text: `Created task #${task.number}: ${task.title}` },
      });
    return { status: 'processed', outcome: { taskId: task.id, created: true } };
  }
}

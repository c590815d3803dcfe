import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Integration } from '../domain/integration';
import { fingerprintParts, issueState } from '../domain/linear';
import { StoredDelivery } from './delivery.repository';
import { PlatformProcessor, ProcessResult } from './delivery-processor';
import { MappingRepository } from './mapping.repository';
import { TasksGateway } from './ports';

export const fingerprint = (state: { title: string; description: string; priority: string | undefined; status: string | undefined }) =>
  createHash('sha256').update(fingerprintParts(state)).digest('hex');

/**
 * Linear `Issue` create / update → tasks. Loop prevention: the mapping keeps the fingerprint of
 * what this service last sent to the issue and the task version it last wrote; an update whose
 * fields equal what we sent is our own echo (not applied), and a task change written from Linear
 * leaves task version = mapped version, so the outbound sync does not send it back.
 */
@Injectable()
export class LinearProcessor extends PlatformProcessor {
  readonly platform = 'linear' as const;

  constructor(
    private readonly mappings: MappingRepository,
    private readonly tasks: TasksGateway,
  ) {
    super();
  }

  async process(integration: Integration, _delivery: StoredDelivery, body: Record<string, any>): Promise<ProcessResult> {
    if (body.type !== 'Issue' || !body.data?.id) return { status: 'ignored', outcome: { reason: `Linear ${body.type ?? 'unknown'} events are not mapped` } };
    const issueId = String(body.data.id);
    const state = issueState(body.data);
    const print = fingerprint(state);
    const mapping = await this.mappings.find(integration.id, 'issue', issueId);
    if (body.action === 'remove') {
      if (mapping) await this.mappings.update(mapping.id, { metadata: { ...mapping.metadata, removedInLinear: true } });
      return { status: 'ignored', outcome: { reason: 'issue removed in Linear; the task stays', issueId } };
    }
    if (!mapping) {
      const projectId = integration.configuration.linear?.projectId;
      if (!projectId) return { status: 'ignored', outcome: { reason: 'no linear.projectId configured for new issues', issueId } };
      const task = await this.tasks.create({
        projectId,
        title: state.title || `Linear ${body.data.identifier ?? issueId}`,
        description: state.description,
        priority: state.priority,
        metadata: { linear: { id: issueId, identifier: body.data.identifier, url: body.url } },
      });
      await this.mappings.insert({
        integrationId: integration.id,
        platform: 'linear',
        externalType: 'issue',
        externalId: issueId,
        entityType: 'task',
        entityId: task.id,
        entityVersion: task.version,
        lastSentFingerprint: print,
        externalUpdatedAt: parseDate(body.data.updatedAt),
        metadata: { identifier: body.data.identifier },
      });
      return { status: 'processed', outcome: { issueId, taskId: task.id, created: true } };
    }
    if (mapping.lastSentFingerprint === print)
      return { status: 'ignored', outcome: { reason: 'echo of an update this service sent', issueId, taskId: mapping.entityId } };
    const updatedAt = parseDate(body.data.updatedAt);
    if (updatedAt && mapping.externalUpdatedAt && updatedAt < mapping.externalUpdatedAt)
      return { status: 'ignored', outcome: { reason: 'older than the state already applied', issueId } };
    const task = await this.tasks.get(mapping.entityId);
    if (!task) return { status: 'ignored', outcome: { reason: 'the mapped task is gone', issueId } };
    const changes: { title?: string; description?: string; status?: string; priority?: string } = {};
    if (state.title && state.title !== task.title) changes.title = state.title;
    if (state.description !== task.description) changes.description = state.description;
    if (state.priority && state.priority !== task.priority) changes.priority = state.priority;
    if (state.status && state.status !== task.status) changes.status = state.status;
    let version = task.version;
    let refused: string | undefined;
    if (Object.keys(changes).length > 0) {
      const after = await this.tasks.update(task.id, task.version, changes);
      if ('refused' in after) refused = after.refused;
      else version = after.version;
    }
    await this.mappings.update(mapping.id, { entityVersion: version, lastSentFingerprint: print, externalUpdatedAt: updatedAt ?? mapping.externalUpdatedAt });
    return { status: 'processed', outcome: { issueId, taskId: task.id, changed: Object.keys(changes), ...(refused ? { refused } : {}) } };
  }
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

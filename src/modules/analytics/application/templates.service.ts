import { Injectable } from '@nestjs/common';
import { Activity } from './activity';
import { Actor, Page, StaleVersionError } from '@switchyard/core';
import { AnalyticsNotFoundError } from '../domain/analytics.errors';
import { Template, TemplateKind, TemplateRepository, TemplateVersion } from './template.repository';

export interface UsageFigures {
  uses: number;
  successes: number;
  /** successes / uses, null when unused. */
  successRate: number | null;
}

export interface TemplateView extends Template, UsageFigures {}
export interface TemplateVersionView extends TemplateVersion, UsageFigures {}

const figures = (uses: number, successes: number): UsageFigures => ({ uses, successes, successRate: uses ? successes / uses : null });
const actorId = (actor: Actor) => (actor.type === 'user' ? (actor.id ?? null) : null);

/** Reusable templates (code patterns, deployment scripts, test and prompt templates), versioned, with usage and success rate. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly activity: Activity,
  ) {}

  async create(
    actor: Actor,
    input: { name: string; kind: TemplateKind; description?: string; tags?: string[]; content: string; variables?: string[] },
  ): Promise<TemplateView> {
    const template = await this.templates.insert({
      name: input.name.trim(),
      kind: input.kind,
      description: input.description ?? '',
      tags: [...new Set(input.tags ?? [])],
      createdBy: actorId(actor),
    });
    await this.templates.insertVersion({
      templateId: template.id,
      number: 1,
      content: input.content,
      variables: input.variables ?? [],
      changelog: 'First version',
      createdBy: actorId(actor),
    });
    await this.templates.update(template.id, { latestVersion: 1 });
    const created = await this.get(template.id);
    await this.activity.audit({ action: 'create', entityType: 'template', entityId: template.id, after: created });
    return created;
  }

  async get(id: string): Promise<TemplateView> {
    const template = await this.existing(id);
    const usage = await this.templates.usage(id);
    return { ...template, ...figures(sum(usage.map((u) => u.uses)), sum(usage.map((u) => u.successes))) };
  }

  async list(query: { limit: number; cursor?: string; kind?: TemplateKind; tag?: string }): Promise<Page<TemplateView>> {
    const page = await this.templates.list(query);
    const items: TemplateView[] = [];
    for (const template of page.items) {
      const usage = await this.templates.usage(template.id);
      items.push({ ...template, ...figures(sum(usage.map((u) => u.uses)), sum(usage.map((u) => u.successes))) });
    }
    return { items, nextCursor: page.nextCursor };
  }

  async update(id: string, input: { version: number; name?: string; description?: string; tags?: string[] }): Promise<TemplateView> {
    const before = await this.existing(id, true);
    if (before.version !== input.version) throw new StaleVersionError('Template', id, input.version, before.version);
    const changes = { name: input.name?.trim(), description: input.description, tags: input.tags && [...new Set(input.tags)] };
    await this.templates.update(id, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
    const after = await this.get(id);
    await this.activity.audit({ action: 'update', entityType: 'template', entityId: id, before, after });
    return after;
  }

  async delete(id: string): Promise<void> {
    const before = await this.existing(id);
    await this.templates.delete(id);
    await this.activity.audit({ action: 'delete', entityType: 'template', entityId: id, before });
  }

  /** A new immutable version; numbers follow each other (the template row is locked while numbering). */
  async addVersion(actor: Actor, id: string, input: { content: string; variables?: string[]; changelog?: string }): Promise<TemplateVersionView> {
    const template = await this.existing(id, true);
    const number = template.latestVersion + 1;
    const version = await this.templates.insertVersion({
      templateId: id,
      number,
      content: input.content,
      variables: input.variables ?? [],
      changelog: input.changelog ?? '',
      createdBy: actorId(actor),
    });
    await this.templates.update(id, { latestVersion: number });
    await this.activity.audit({ action: 'create', entityType: 'template_version', entityId: version.id, after: { templateId: id, number } });
    return { ...version, ...figures(0, 0) };
  }

  async versions(id: string): Promise<TemplateVersionView[]> {
    await this.existing(id);
    const usage = new Map((await this.templates.usage(id)).map((u) => [u.versionId, u]));
    return (await this.templates.versions(id)).map((v) => ({ ...v, ...figures(usage.get(v.id)?.uses ?? 0, usage.get(v.id)?.successes ?? 0) }));
  }

  private async existing(id: string, lock = false): Promise<Template> {
    const template = await this.templates.find(id, { lock });
    if (!template) throw new AnalyticsNotFoundError('template', id);
    return template;
  }
}

function sum(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { Template, TemplateKind, TemplateRepository, TemplateVersion, VersionUsage } from '../../application/template.repository';
import { NameTakenError } from '../../domain/analytics.errors';
import { TemplateEntity } from './template.entity';
import { TemplateVersionEntity } from './template-version.entity';
import { TEMPLATE_USAGE } from './template.sql';

const toTemplate = (e: TemplateEntity): Template => ({
  id: e.id,
  name: e.name,
  kind: e.kind as TemplateKind,
  description: e.description,
  tags: e.tags,
  latestVersion: e.latestVersion,
  createdBy: e.createdBy,
  version: e.version,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

const toVersion = (e: TemplateVersionEntity): TemplateVersion => ({
  id: e.id,
  templateId: e.templateId,
  number: e.number,
  content: e.content,
  variables: e.variables,
  changelog: e.changelog,
  createdBy: e.createdBy,
  createdAt: e.createdAt,
});

@Injectable()
export class TemplateTypeormRepository extends TemplateRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }
  private get templates() {
    return this.transaction.manager.getRepository(TemplateEntity);
  }
  private get versionRows() {
    return this.transaction.manager.getRepository(TemplateVersionEntity);
  }

  async insert(fields: Pick<Template, 'name' | 'kind' | 'description' | 'tags' | 'createdBy'>): Promise<Template> {
    try {
      const { identifiers } = await this.templates.insert({ ...fields, organizationId: this.org });
      return (await this.find(identifiers[0].id as string))!;
    } catch (error) {
      if (violatedConstraint(error, '23505') === 'templates_name_key') throw new NameTakenError('template', fields.name);
      throw error;
    }
  }

  async find(id: string, options: { lock?: boolean } = {}): Promise<Template | undefined> {
    const row = await this.templates.findOne({
      where: { organizationId: this.org, id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return row ? toTemplate(row) : undefined;
  }

  list(query: { limit: number; cursor?: string; kind?: TemplateKind; tag?: string }): Promise<Page<Template>> {
    const builder = this.templates.createQueryBuilder('t').where('t.organization_id = :org', { org: this.org });
    if (query.kind) builder.andWhere('t.kind = :kind', { kind: query.kind });
    if (query.tag) builder.andWhere('t.tags @> ARRAY[:tag]::text[]', { tag: query.tag });
    return keysetPage(builder, { ...query, order: 'ASC' }, toTemplate);
  }

  async update(id: string, fields: Partial<Pick<Template, 'name' | 'description' | 'tags' | 'latestVersion'>>): Promise<void> {
    try {
      const bump = Object.keys(fields).some((key) => key !== 'latestVersion');
      await this.templates.update({ organizationId: this.org, id }, { ...fields, version: () => (bump ? 'version + 1' : 'version') });
    } catch (error) {
      if (violatedConstraint(error, '23505') === 'templates_name_key') throw new NameTakenError('template', fields.name ?? '');
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.templates.delete({ organizationId: this.org, id })).affected ?? 0) > 0;
  }

  async insertVersion(fields: Omit<TemplateVersion, 'id' | 'createdAt'>): Promise<TemplateVersion> {
    const { identifiers } = await this.versionRows.insert({ ...fields, organizationId: this.org });
    return toVersion((await this.versionRows.findOneBy({ organizationId: this.org, id: identifiers[0].id as string }))!);
  }

  async versions(templateId: string): Promise<TemplateVersion[]> {
    const rows = await this.versionRows.find({ where: { organizationId: this.org, templateId }, order: { number: 'DESC' } });
    return rows.map(toVersion);
  }

  async usage(templateId: string): Promise<VersionUsage[]> {
    const rows = await this.transaction.query<{ version_id: string; uses: string; successes: string }>(TEMPLATE_USAGE, [templateId]);
    return rows.map((r) => ({ versionId: r.version_id, uses: Number(r.uses), successes: Number(r.successes) }));
  }
}

import { Page } from '@switchyard/core';

export type TemplateKind = 'code_pattern' | 'deployment_script' | 'test_template' | 'prompt_template';

export interface Template {
  id: string;
  name: string;
  kind: TemplateKind;
  description: string;
  tags: string[];
  latestVersion: number;
  createdBy: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface TemplateVersion {
  id: string;
  templateId: string;
  number: number;
  content: string;
  variables: string[];
  changelog: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface VersionUsage {
  versionId: string;
  uses: number;
  successes: number;
}

/** Port: templates, their immutable versions and how the runs that used them went. */
export abstract class TemplateRepository {
  abstract insert(fields: Pick<Template, 'name' | 'kind' | 'description' | 'tags' | 'createdBy'>): Promise<Template>;
  abstract find(id: string, options?: { lock?: boolean }): Promise<Template | undefined>;
  abstract list(query: { limit: number; cursor?: string; kind?: TemplateKind; tag?: string }): Promise<Page<Template>>;
  abstract update(id: string, fields: Partial<Pick<Template, 'name' | 'description' | 'tags' | 'latestVersion'>>): Promise<void>;
  abstract delete(id: string): Promise<boolean>;
  abstract insertVersion(fields: Omit<TemplateVersion, 'id' | 'createdAt'>): Promise<TemplateVersion>;
  abstract versions(templateId: string): Promise<TemplateVersion[]>;
  abstract usage(templateId: string): Promise<VersionUsage[]>;
}

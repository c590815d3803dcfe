import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { CodeMetrics, combineMetrics } from '../domain/analysis';
import { Project, ProjectStatus } from '../domain/project';
import { AnalysisRunRepository } from './analysis-run.repository';
import { ProjectSummaryRegistry } from './project-summary.registry';
import { ProjectRepository } from './project.repository';

export interface ProjectSummaryQuery {
  limit: number;
  cursor?: string;
  status?: ProjectStatus[];
}

export interface ProjectSummary {
  project: Pick<Project, 'id' | 'name' | 'slug' | 'status' | 'leadId' | 'tags'>;
  repositories: { count: number; ids: string[]; analyzed: number };
  /** The latest completed analysis of each linked repository's default branch, combined. */
  latestAnalysis: (CodeMetrics & { coverage: number | null; analyzedAt: Date }) | null;
  /** Counters other modules contribute (e.g. tasks, pipelines); null where a module has nothing for the project. */
  counters: Record<string, Record<string, number | null> | null>;
}

@Injectable()
export class ProjectSummaryService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly runs: AnalysisRunRepository,
    private readonly registry: ProjectSummaryRegistry,
  ) {}

  async summarize(query: ProjectSummaryQuery): Promise<Page<ProjectSummary>> {
    const page = await this.projects.list({ ...query, sort: 'name' });
    const ids = page.items.map((project) => project.id);
    const links = await this.projects.repositoryLinks(ids);
    const latest = await this.runs.latestOfDefaultBranches([...new Set([...links.values()].flat())]);
    const latestByRepository = new Map(latest.map((entry) => [entry.repositoryId, entry]));
    // One after the other: they share the request's single connection.
    const contributions: Array<readonly [string, Map<string, Record<string, number | null>>]> = [];
    for (const contributor of this.registry.all()) contributions.push([contributor.key, await contributor.summarize(ids)]);
    const items = page.items.map((project): ProjectSummary => {
      const repositoryIds = links.get(project.id) ?? [];
      const analyses = repositoryIds.map((id) => latestByRepository.get(id)).filter((entry) => entry !== undefined);
      const combined = combineMetrics(analyses.map((entry) => entry.metrics));
      return {
        project: { id: project.id, name: project.name, slug: project.slug, status: project.status, leadId: project.leadId, tags: project.tags },
        repositories: { count: repositoryIds.length, ids: repositoryIds, analyzed: analyses.length },
        latestAnalysis: combined && { ...combined, analyzedAt: new Date(Math.max(...analyses.map((entry) => entry.finishedAt.getTime()))) },
        counters: Object.fromEntries(contributions.map(([key, values]) => [key, values.get(project.id) ?? null])),
      };
    });
    return { items, nextCursor: page.nextCursor };
  }
}

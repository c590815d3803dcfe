import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ProjectSummaryContributor } from './project-summary-contributor';

/**
 * Every ProjectSummaryContributor of the application: discovered among all providers at
 * start-up (so a module adds counters just by providing a subclass), or registered explicitly.
 */
@Injectable()
export class ProjectSummaryRegistry implements OnApplicationBootstrap {
  private readonly contributors = new Map<string, ProjectSummaryContributor>();

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.instance instanceof ProjectSummaryContributor) this.register(wrapper.instance);
    }
  }

  register(contributor: ProjectSummaryContributor): void {
    const existing = this.contributors.get(contributor.key);
    if (existing && existing !== contributor) throw new Error(`Two project summary contributors use the key "${contributor.key}"`);
    this.contributors.set(contributor.key, contributor);
  }

  all(): ProjectSummaryContributor[] {
    return [...this.contributors.values()].sort((a, b) => a.key.localeCompare(b.key));
  }
}

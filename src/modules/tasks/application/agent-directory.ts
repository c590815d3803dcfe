import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

/**
 * The port through which tasks checks an agent assignee: the agents module provides a subclass
 * (tasks cannot import agents, which imports tasks). Runs in the caller's tenant transaction.
 */
export abstract class AgentDirectory {
  /** True when the agent exists in the current organization and is active. */
  abstract isActiveAgent(agentId: string): Promise<boolean>;
}

/**
 * Finds the application's AgentDirectory among all providers at start-up (the same discovery as
 * ProjectSummaryRegistry), or takes one explicitly (specs). Without one, no agent is available.
 */
@Injectable()
export class AgentDirectoryRegistry implements OnApplicationBootstrap {
  private directory?: AgentDirectory;

  constructor(private readonly discovery?: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery?.getProviders() ?? []) {
      if (wrapper.instance instanceof AgentDirectory) this.register(wrapper.instance);
    }
  }

  register(directory: AgentDirectory): void {
    if (this.directory && this.directory !== directory) throw new Error('Two agent directories are provided');
    this.directory = directory;
  }

  isActiveAgent(agentId: string): Promise<boolean> {
    return this.directory ? this.directory.isActiveAgent(agentId) : Promise.resolve(false);
  }
}

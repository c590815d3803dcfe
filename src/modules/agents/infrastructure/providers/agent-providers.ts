import { Injectable } from '@nestjs/common';
import { AgentProviderClient, AgentProviders } from '../../application/agent-provider';
import { Provider } from '../../domain/agent';
import { CodegenClient } from './codegen.client';

/** The provider clients by provider name (Codegen today). */
@Injectable()
export class RegisteredAgentProviders extends AgentProviders {
  private readonly clients: Map<Provider, AgentProviderClient>;

  constructor(codegen: CodegenClient) {
    super();
    this.clients = new Map([[codegen.provider, codegen]]);
  }

  get(provider: Provider): AgentProviderClient {
    const client = this.clients.get(provider);
    if (!client) throw new Error(`No client for agent provider ${provider}`);
    return client;
  }
}

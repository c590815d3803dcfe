import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { AgentEntity } from './agent.entity';

/** An agent's provider credential (migration Agents): the token sealed by SecretBox, never returned. */
@Entity('agent_credentials')
@Check('agent_credentials_external_organization_id_check', 'length(external_organization_id) BETWEEN 1 AND 100')
@ForeignKey(() => AgentEntity, ['organizationId', 'agentId'], ['organizationId', 'id'], { name: 'agent_credentials_agent_fkey', onDelete: 'CASCADE' })
export class AgentCredentialEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('OrganizationEntity', { name: 'agent_credentials_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('uuid')
  agentId: string;

  @Column('text')
  externalOrganizationId: string;

  @Column('text')
  sealedToken: string;

  @Column('text')
  keyId: string;

  @Column('timestamptz', { default: () => 'now()' })
  rotatedAt: Date;
}

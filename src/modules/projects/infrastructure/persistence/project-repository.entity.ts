import { CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * `project_repositories`: which repositories serve which projects. Both references are composite
 * (organization_id, id) keys, so a link can never cross tenants.
 */
@Entity('project_repositories')
@ForeignKey('ProjectEntity', ['organizationId', 'projectId'], ['organizationId', 'id'], { name: 'project_repositories_project_fkey', onDelete: 'CASCADE' })
@ForeignKey('RepositoryEntity', ['organizationId', 'repositoryId'], ['organizationId', 'id'], {
  name: 'project_repositories_repository_fkey',
  onDelete: 'CASCADE',
})
@Index('project_repositories_repository_idx', ['organizationId', 'repositoryId'])
export class ProjectRepositoryEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('OrganizationEntity', { name: 'project_repositories_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('uuid')
  projectId: string;

  @PrimaryColumn('uuid')
  repositoryId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** `branches`: the tracked heads of a repository, one row per name. */
@Entity('branches')
@Unique('branches_repository_name_key', ['organizationId', 'repositoryId', 'name'])
@Check('branches_name_check', 'length(name) BETWEEN 1 AND 255')
@Check('branches_head_sha_check', `head_sha ~ '^[0-9a-f]{40}([0-9a-f]{24})?$'`)
@ForeignKey('RepositoryEntity', ['organizationId', 'repositoryId'], ['organizationId', 'id'], { name: 'branches_repository_fkey', onDelete: 'CASCADE' })
export class BranchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey('OrganizationEntity', { name: 'branches_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @Column('uuid')
  repositoryId: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  headSha: string | null;

  @Column('boolean', { default: false })
  protected: boolean;

  @Column('timestamptz', { nullable: true })
  lastPushAt: Date | null;

  @Column('integer', { default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

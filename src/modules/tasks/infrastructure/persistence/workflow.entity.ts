import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** A project's workflow (migration TaskManagement). Its phases are WorkflowPhaseEntity rows. */
@Entity('workflows')
@Unique('workflows_org_project_id_key', ['organizationId', 'projectId', 'id'])
@Check('workflows_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('workflows_description_check', 'length(description) <= 10000')
@ForeignKey('projects', ['organizationId', 'projectId'], ['organizationId', 'id'], { name: 'workflows_project_fkey', onDelete: 'CASCADE' })
// Unique on (organization_id, project_id, lower(name)): an expression index, which TypeORM cannot describe.
@Index('workflows_project_name_key', { synchronize: false })
@Index('workflows_org_created_idx', ['organizationId', 'createdAt', 'id'])
export class WorkflowEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'workflows_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  projectId: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

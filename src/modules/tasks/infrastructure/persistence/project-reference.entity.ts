import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * TEMPORARY, drop at merge: the projects module's own entity of `projects` (branch house/projects)
 * replaces it. The tasks entities' foreign keys name the table `projects`; TypeORM needs some
 * entity of that table to build them. Only the referenced key is modelled here.
 */
@Entity('projects')
@Unique('projects_org_id_key', ['organizationId', 'id'])
export class ProjectReferenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;
}

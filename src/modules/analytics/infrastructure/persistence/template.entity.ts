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

@Entity('templates')
@Check('templates_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('templates_kind_check', `kind IN ('code_pattern', 'deployment_script', 'test_template', 'prompt_template')`)
@Check('templates_description_check', 'length(description) <= 10000')
@Check('templates_tags_check', 'cardinality(tags) <= 50')
@Check('templates_latest_version_check', 'latest_version >= 0')
@Unique('templates_name_key', ['organizationId', 'name'])
// GIN on tags: TypeORM cannot declare the access method.
@Index('templates_tags_idx', { synchronize: false })
export class TemplateEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'templates_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: string;

  @Column('text', { default: '' })
  description: string;

  @Column('text', { array: true, default: () => `'{}'` })
  tags: string[];

  @Column('integer', { default: 0 })
  latestVersion: number;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

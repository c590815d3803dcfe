import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('template_versions')
@Check('template_versions_number_check', 'number > 0')
@Check('template_versions_content_check', 'length(content) <= 200000')
@Check('template_versions_variables_check', 'cardinality(variables) <= 100')
@Check('template_versions_changelog_check', 'length(changelog) <= 10000')
@Unique('template_versions_number_key', ['organizationId', 'templateId', 'number'])
@ForeignKey('templates', ['organizationId', 'templateId'], ['organizationId', 'id'], { name: 'template_versions_template_fkey', onDelete: 'CASCADE' })
export class TemplateVersionEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'template_versions_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  templateId: string;

  @Column('integer')
  number: number;

  @Column('text')
  content: string;

  @Column('text', { array: true, default: () => `'{}'` })
  variables: string[];

  @Column('text', { default: '' })
  changelog: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

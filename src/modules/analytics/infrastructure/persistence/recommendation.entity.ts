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

@Entity('recommendations')
@Check('recommendations_status_check', `status IN ('open', 'accepted', 'dismissed', 'done')`)
@Unique('recommendations_pattern_key', ['organizationId', 'patternId'])
@ForeignKey('learned_patterns', ['organizationId', 'patternId'], ['organizationId', 'id'], { name: 'recommendations_pattern_fkey', onDelete: 'CASCADE' })
@Index('recommendations_org_created_idx', ['organizationId', 'createdAt', 'id'])
export class RecommendationEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'recommendations_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  patternId: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  body: string;

  @Column('text', { default: 'open' })
  status: string;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

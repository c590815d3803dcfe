import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One row per issued refresh token; no updated_at (rotation and revocation stamp their own columns). */
@Entity('refresh_tokens')
@Unique('refresh_tokens_organization_token_hash_key', ['organizationId', 'tokenHash'])
/** The lookup by hash before the tenant is known (auth_refresh_token). */
@Index('refresh_tokens_token_hash_idx', ['tokenHash'])
@Index('refresh_tokens_family_idx', ['familyId'])
@Index('refresh_tokens_user_idx', ['organizationId', 'userId'])
@Index('refresh_tokens_expires_idx', ['expiresAt'])
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey('OrganizationEntity', { name: 'refresh_tokens_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @Column('uuid')
  @ForeignKey('UserEntity', { name: 'refresh_tokens_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  /** Every token rotated from one login shares the family; reuse of any revokes them all. */
  @Column('uuid')
  familyId: string;

  @Column('bytea')
  tokenHash: Buffer;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  rotatedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

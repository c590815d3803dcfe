import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Columns every tenant-owned table has: id, owning organization, timestamps. */
export abstract class TenantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Tenant rows that clients edit concurrently carry an optimistic-concurrency version. */
export abstract class VersionedTenantEntity extends TenantEntity {
  @VersionColumn({ default: 1 })
  version: number;
}

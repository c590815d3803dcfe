import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A claimed `Idempotency-Key` and, once the request is done, its sealed response (IdempotencyInterceptor). */
@Entity('idempotency_records')
@Index('idempotency_records_expires_idx', ['expiresAt'])
export class IdempotencyRecordEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('OrganizationEntity', { name: 'idempotency_records_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  /** The user or API key the request authenticated as: a key belongs to its caller. */
  @PrimaryColumn('uuid')
  principalId: string;

  @PrimaryColumn('text')
  key: string;

  @Column('text')
  method: string;

  @Column('text')
  path: string;

  /** SHA-256 (hex) of method, path and body: a reused key with another request is refused. */
  @Column('text')
  requestHash: string;

  /** Null while the first request is still running. */
  @Column('integer', { nullable: true })
  statusCode: number | null;

  @Column('jsonb', { nullable: true })
  responseBody: { sealed: string } | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Users are global (one person, several organizations); RLS shows a user itself and its co-members. */
@Entity('users')
export class UserEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text')
  name: string;

  @Column('text', { select: false })
  passwordHash: string;

  @Column('text')
  status: 'active' | 'disabled';

  @Column('jsonb')
  preferences: Record<string, unknown>;

  @Column('jsonb')
  externalIds: Record<string, string>;

  @Column('timestamptz', { nullable: true })
  lastLoginAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

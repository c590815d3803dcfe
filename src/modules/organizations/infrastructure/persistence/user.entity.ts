import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Users are global (one person, several organizations); RLS shows a user itself and its co-members. */
@Entity('users')
@Unique('users_email_key', ['email'])
@Check('users_email_check', 'email = lower(email) AND length(email) <= 320')
@Check('users_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('users_status_check', `status IN ('active', 'disabled')`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text')
  name: string;

  @Column('text', { select: false })
  passwordHash: string;

  @Column('text', { default: 'active' })
  status: 'active' | 'disabled';

  @Column('jsonb', { default: {} })
  preferences: Record<string, unknown>;

  @Column('jsonb', { default: {} })
  externalIds: Record<string, string>;

  @Column('timestamptz', { nullable: true })
  lastLoginAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

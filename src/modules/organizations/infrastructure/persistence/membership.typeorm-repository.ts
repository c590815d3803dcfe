import { Injectable } from '@nestjs/common';
import { Page, Role } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { keysetRawPage } from '@switchyard/http';
import { MemberListQuery, MembershipRepository } from '../../application/membership.repository';
import { Member } from '../../domain/organization';
import { MembershipEntity } from './membership.entity';

@Injectable()
export class MembershipTypeormRepository extends MembershipRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(MembershipEntity);
  }

  async add(organizationId: string, userId: string, role: Role): Promise<void> {
    await this.repo.insert({ organizationId, userId, role });
  }

  list(query: MemberListQuery): Promise<Page<Member>> {
    const builder = this.selectMembers().where('m.organization_id = :org', { org: this.transaction.organizationId });
    if (query.role) builder.andWhere('m.role = :role', { role: query.role });
    return keysetRawPage(builder, { limit: query.limit, cursor: query.cursor, order: 'ASC' }, toMember);
  }

  async find(userId: string): Promise<Member | undefined> {
    const row = await this.selectMembers()
      .where('m.organization_id = :org and m.user_id = :userId', { org: this.transaction.organizationId, userId })
      .getRawOne<MemberRow>();
    return row ? toMember(row) : undefined;
  }

  /** Members with their user's email and name, as raw rows: see keysetRawPage for why not entities. */
  private selectMembers() {
    return this.repo.createQueryBuilder('m').innerJoin('m.user', 'u').select(['m.id', 'm.userId', 'm.role', 'm.version', 'm.createdAt', 'u.email', 'u.name']);
  }

  async lockOwners(): Promise<number> {
    const owners = await this.repo.find({
      select: { id: true },
      where: { organizationId: this.transaction.organizationId, role: 'owner' },
      lock: { mode: 'pessimistic_write' },
    });
    return owners.length;
  }

  async changeRole(userId: string, role: Role): Promise<Member> {
    await this.repo.update({ organizationId: this.transaction.organizationId, userId }, { role, version: () => 'version + 1' });
    return (await this.find(userId))!;
  }

  async remove(userId: string): Promise<void> {
    await this.repo.delete({ organizationId: this.transaction.organizationId, userId });
  }
}

interface MemberRow extends Record<string, unknown> {
  m_user_id: string;
  m_role: Role;
  m_version: number;
  m_created_at: Date;
  u_email: string;
  u_name: string;
}

function toMember(row: MemberRow): Member {
  return { userId: row.m_user_id, email: row.u_email, name: row.u_name, role: row.m_role, version: row.m_version, joinedAt: row.m_created_at };
}

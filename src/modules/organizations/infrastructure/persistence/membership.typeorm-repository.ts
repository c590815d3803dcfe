import { Injectable } from '@nestjs/common';
import { Role } from '@switchyard/auth';
import { TenantTransaction } from '@switchyard/database';
import { keysetPage, Page } from '@switchyard/http';
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
    const builder = this.repo
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.user', 'u')
      .where('m.organization_id = :org', { org: this.transaction.organizationId });
    if (query.role) builder.andWhere('m.role = :role', { role: query.role });
    return keysetPage(builder, { limit: query.limit, cursor: query.cursor, order: 'ASC' }, toMember);
  }

  async find(userId: string): Promise<Member | undefined> {
    // getOne(), not findOne(): findOne adds LIMIT 1, and TypeORM answers a join with a limit by a
    // second round trip (distinct ids first). (organization_id, user_id) is unique anyway.
    const row = await this.repo
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.user', 'u')
      .where('m.organization_id = :org and m.user_id = :userId', { org: this.transaction.organizationId, userId })
      .getOne();
    return row ? toMember(row) : undefined;
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

function toMember(row: MembershipEntity): Member {
  return { userId: row.userId, email: row.user!.email, name: row.user!.name, role: row.role, version: row.version, joinedAt: row.createdAt };
}

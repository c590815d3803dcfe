import { Injectable } from '@nestjs/common';
import { Page, Role } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { decodeCursor, exactTimestamp, toPage } from '@switchyard/http';
import { Member } from '../../domain/organization';
import { MemberListQuery, MembershipRepository } from '../../application/membership.repository';
import { MembershipEntity } from './membership.entity';

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  version: number;
  created_at: Date;
  cursor_at: string;
  id: string;
}

const MEMBER_COLUMNS = `m.id, m.user_id, u.email, u.name, m.role, m.version, m.created_at, ${exactTimestamp('m.created_at')} as cursor_at`;

@Injectable()
export class MembershipTypeormRepository extends MembershipRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get manager() {
    return this.transaction.manager;
  }

  async add(organizationId: string, userId: string, role: Role): Promise<void> {
    await this.manager.insert(MembershipEntity, { organizationId, userId, role });
  }

  async list(query: MemberListQuery): Promise<Page<Member>> {
    const params: unknown[] = [query.limit + 1, this.transaction.organizationId];
    const where = ['m.organization_id = $2'];
    if (query.role) where.push(`m.role = $${params.push(query.role)}`);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      where.push(`(m.created_at, m.id) > ($${params.push(createdAt)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows: MemberRow[] = await this.manager.query(
      `select ${MEMBER_COLUMNS} from memberships m join users u on u.id = m.user_id
       where ${where.join(' and ')} order by m.created_at, m.id limit $1`,
      params,
    );
    const page = toPage(rows, query.limit, (last) => [last.cursor_at, last.id]);
    return { items: page.items.map(toMember), nextCursor: page.nextCursor };
  }

  async find(userId: string): Promise<Member | undefined> {
    const [row]: MemberRow[] = await this.manager.query(
      `select ${MEMBER_COLUMNS} from memberships m join users u on u.id = m.user_id
       where m.organization_id = $1 and m.user_id = $2`,
      [this.transaction.organizationId, userId],
    );
    return row ? toMember(row) : undefined;
  }

  async lockOwners(): Promise<number> {
    const rows: unknown[] = await this.manager.query(
      `select id from memberships
       where organization_id = $1 and role = 'owner'
       for update`,
      [this.transaction.organizationId],
    );
    return rows.length;
  }

  async changeRole(userId: string, role: Role): Promise<Member> {
    await this.manager.update(MembershipEntity, { organizationId: this.transaction.organizationId, userId }, { role, version: () => 'version + 1' });
    return (await this.find(userId))!;
  }

  async remove(userId: string): Promise<void> {
    await this.manager.delete(MembershipEntity, { organizationId: this.transaction.organizationId, userId });
  }
}

function toMember(row: MemberRow): Member {
  return { userId: row.user_id, email: row.email, name: row.name, role: row.role, version: row.version, joinedAt: row.created_at };
}

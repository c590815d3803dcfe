import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { decodeCursor, exactTimestamp, toPage } from '@switchyard/http';
import { IsNull } from 'typeorm';
import { Invitation, InvitationRepository, InvitationStatus, NewInvitation } from '../../application/invitation.repository';
import { InvitationEntity } from './invitation.entity';

@Injectable()
export class InvitationTypeormRepository extends InvitationRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(InvitationEntity);
  }

  async create(invitation: NewInvitation): Promise<Invitation> {
    const { identifiers } = await this.repo.insert(invitation);
    return (await this.findById(identifiers[0].id as string))!;
  }

  async list(query: { limit: number; cursor?: string; status: InvitationStatus }): Promise<Page<Invitation>> {
    const builder = this.repo
      .createQueryBuilder('i')
      .where('i.organization_id = :org', { org: this.transaction.organizationId })
      .addSelect(exactTimestamp('i.created_at'), 'cursor_at')
      .orderBy('i.created_at', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .limit(query.limit + 1);
    if (query.status === 'pending') builder.andWhere('i.accepted_at is null and i.expires_at > now()');
    if (query.status === 'accepted') builder.andWhere('i.accepted_at is not null');
    if (query.status === 'expired') builder.andWhere('i.accepted_at is null and i.expires_at <= now()');
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      builder.andWhere('(i.created_at, i.id) > (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
    }
    const { entities, raw } = await builder.getRawAndEntities<{ cursor_at: string }>();
    const rows = entities.map((invitation, index) => ({ invitation, cursorAt: raw[index].cursor_at }));
    const page = toPage(rows, query.limit, (last) => [last.cursorAt, last.invitation.id]);
    return { items: page.items.map((row) => toInvitation(row.invitation)), nextCursor: page.nextCursor };
  }

  async findById(id: string): Promise<Invitation | undefined> {
    const row = await this.repo.findOne({ where: { organizationId: this.transaction.organizationId, id } });
    return row ? toInvitation(row) : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ organizationId: this.transaction.organizationId, id });
  }

  async markAccepted(id: string, userId: string): Promise<boolean> {
    const result = await this.repo.update(
      { organizationId: this.transaction.organizationId, id, acceptedAt: IsNull() },
      { acceptedAt: () => 'now()', acceptedBy: userId },
    );
    return (result.affected ?? 0) > 0;
  }
}


function toInvitation(row: InvitationEntity): Invitation {
  const { id, email, role, invitedBy, expiresAt, acceptedAt, acceptedBy, createdAt } = row;
  return { id, email, role, invitedBy, expiresAt, acceptedAt, acceptedBy, createdAt };
}

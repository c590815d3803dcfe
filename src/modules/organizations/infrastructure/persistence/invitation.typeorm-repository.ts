import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { IsNull } from 'typeorm';
import { Invitation, InvitationRepository, InvitationStatus, NewInvitation } from '../../application/invitation.repository';
import { InvitationPendingError } from '../../domain/organizations.errors';
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
    const { identifiers } = await this.repo.insert(invitation).catch((error: unknown) => {
      if (violatedConstraint(error, '23505') === 'invitations_pending_email_key') throw new InvitationPendingError(invitation.email);
      throw error;
    });
    return (await this.findById(identifiers[0].id as string))!;
  }

  list(query: { limit: number; cursor?: string; status: InvitationStatus }): Promise<Page<Invitation>> {
    const builder = this.repo.createQueryBuilder('i').where('i.organization_id = :org', { org: this.transaction.organizationId });
    if (query.status === 'pending') builder.andWhere('i.accepted_at is null and i.expires_at > now()');
    if (query.status === 'accepted') builder.andWhere('i.accepted_at is not null');
    if (query.status === 'expired') builder.andWhere('i.accepted_at is null and i.expires_at <= now()');
    return keysetPage(builder, { limit: query.limit, cursor: query.cursor, order: 'ASC' }, toInvitation);
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

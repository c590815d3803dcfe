import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@switchyard/core';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { User } from '../../domain/organization';
import { NewUser, UserPatch, UserRepository } from '../../application/user.repository';
import { UserEntity } from './user.entity';
import { USER_BY_ID } from './user.sql';
import { EmailTakenError, ORGANIZATIONS } from '../../domain/organizations.errors';

@Injectable()
export class UserTypeormRepository extends UserRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(UserEntity);
  }

  async create(user: NewUser): Promise<User> {
    // status, preferences and external ids take the table's defaults.
    await this.repo.insert(user).catch((error: unknown) => {
      if (violatedConstraint(error, '23505') === 'users_email_key') throw new EmailTakenError();
      throw error;
    });
    return (await this.findById(user.id))!;
  }

  async findById(id: string): Promise<User | undefined> {
    const [row] = await this.transaction.query<User>(USER_BY_ID, [id]);
    return row;
  }

  async update(id: string, patch: UserPatch): Promise<User> {
    const result = await this.repo.update({ id }, { ...patch, version: () => 'version + 1' } as QueryDeepPartialEntity<UserEntity>);
    if (result.affected === 0) throw new NotFoundError(ORGANIZATIONS.USER_NOT_FOUND, 'User', id);
    return (await this.findById(id))!;
  }

  async recordLogin(id: string): Promise<void> {
    await this.repo.update({ id }, { lastLoginAt: () => 'now()' });
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    const result = await this.repo.update({ id }, { passwordHash, version: () => 'version + 1' } as QueryDeepPartialEntity<UserEntity>);
    if (result.affected === 0) throw new NotFoundError(ORGANIZATIONS.USER_NOT_FOUND, 'User', id);
  }
}

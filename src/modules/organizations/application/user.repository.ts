import { User } from '../domain/organization';

export interface NewUser {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
}

export interface UserPatch {
  name?: string;
  preferences?: Record<string, unknown>;
  externalIds?: Record<string, string>;
}

export abstract class UserRepository {
  /** Throws EmailTakenError when another user has the email. */
  abstract create(user: NewUser): Promise<User>;
  abstract findById(id: string): Promise<User | undefined>;
  abstract update(id: string, patch: UserPatch): Promise<User>;
  abstract recordLogin(id: string): Promise<void>;
  abstract setPasswordHash(id: string, passwordHash: string): Promise<void>;
}

import { Role } from './roles';

export type ActorType = 'user' | 'api_key' | 'integration' | 'system';

/** Who is making a request or running a job, always within exactly one organization. */
export interface Actor {
  type: ActorType;
  /** The user id, API key id, integration id, or undefined for the system. */
  id?: string;
  organizationId: string;
  role: Role;
}

export function userIdOf(actor: Actor): string | undefined {
  return actor.type === 'user' ? actor.id : undefined;
}

import { Page } from '@switchyard/core';

export interface Runner {
  id: string;
  name: string;
  labels: string[];
  disabled: boolean;
  lastSeenAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Registered runners of the organization (port). */
export abstract class RunnerRepository {
  abstract insert(runner: { id: string; name: string; labels: string[]; tokenHash: Buffer; createdBy: string | null }): Promise<Runner>;
  abstract find(id: string): Promise<Runner | undefined>;
  abstract list(limit: number, cursor?: string): Promise<Page<Runner>>;
  abstract update(
    id: string,
    expectedVersion: number,
    change: { name?: string; labels?: string[]; disabled?: boolean; tokenHash?: Buffer },
  ): Promise<Runner | undefined>;
  abstract delete(id: string): Promise<boolean>;
}

/** Wakes runners waiting in a long-polling claim when work is queued for their organization (port). */
export abstract class WorkSignal {
  /** Resolves when work may have been queued for the organization, or after `ms`. Call `cancel` to stop waiting. */
  abstract wait(organizationId: string, ms: number): { promise: Promise<void>; cancel: () => void };
  /** This process queued work for the organization (in-process wake-up where no NOTIFY reaches). */
  abstract queued(organizationId: string): void;
}

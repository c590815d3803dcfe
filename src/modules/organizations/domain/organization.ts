import { Role } from '@switchyard/core';

export const TIERS = ['free', 'team', 'business', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

/** Limits enforced by the modules they concern; absent means unlimited. */
export interface OrganizationLimits {
  maxProjects?: number;
  maxMembers?: number;
  maxAgents?: number;
  maxConcurrentAgentRuns?: number;
  monthlyAgentBudgetUsd?: number;
}

export interface Organization {
  id: string;
  name: string;
  slug: string;
  tier: Tier;
  settings: Record<string, unknown>;
  features: Record<string, boolean>;
  limits: OrganizationLimits;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface User {
  id: string;
  email: string;
  name: string;
  status: 'active' | 'disabled';
  preferences: Record<string, unknown>;
  externalIds: Record<string, string>;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  version: number;
  joinedAt: Date;
}

/** Slugs are lowercase DNS-label-like names: they appear in URLs and login forms. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

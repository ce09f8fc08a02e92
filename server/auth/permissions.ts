// What each role may do. The single source for enforcement (and, later, docs/permissions.md).
import { Problem } from '../http/problems';
import type { Actor } from './actor';

export const roles = [
  'system_admin',
  'national_officer',
  'provincial_officer',
  'district_officer',
  'commune_user',
  'facilitator',
  'reviewer',
  'trainer',
  'viewer',
] as const;
export type Role = (typeof roles)[number];

export const actions = ['definition.read', 'definition.edit', 'submission.create', 'submission.read', 'submission.edit'] as const;
export type Action = (typeof actions)[number];

const matrix: Record<Role, readonly Action[]> = {
  system_admin: actions,
  national_officer: actions,
  provincial_officer: ['definition.read', 'submission.create', 'submission.read', 'submission.edit'],
  district_officer: ['definition.read', 'submission.create', 'submission.read', 'submission.edit'],
  commune_user: ['definition.read', 'submission.create', 'submission.read', 'submission.edit'],
  facilitator: ['definition.read', 'submission.create', 'submission.read', 'submission.edit'],
  reviewer: ['definition.read', 'submission.read'],
  trainer: ['definition.read'],
  viewer: ['definition.read', 'submission.read'],
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function can(actor: Actor, action: Action): boolean {
  return actor.grants.some((g) => isRole(g.role) && matrix[g.role].includes(action));
}

/** Throws UNAUTHENTICATED without an actor, FORBIDDEN without the permission; returns the actor. */
export function requireActor(actor: Actor | null, action?: Action): Actor {
  if (!actor) throw new Problem('UNAUTHENTICATED');
  if (action && !can(actor, action)) throw new Problem('FORBIDDEN');
  return actor;
}

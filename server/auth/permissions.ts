// What each role may do, and where: 'area' = inside the grant's geography (its whole subtree; '' is the
// country), 'own' = only records the user created. This table is the single source: services enforce
// it, and docs/permissions.md is generated from it (npm run gen:permissions).
import { Problem } from '../core/problems';
import type { Actor } from './actor';

export const roles = [
  'system_admin',
  'national_officer',
  'provincial_officer',
  'district_officer',
  'commune_user',
  'cso_partner',
  'facilitator',
  'reviewer',
  'trainer',
  'viewer',
] as const;
export type Role = (typeof roles)[number];

export const actions = [
  'definition.read',
  'definition.edit',
  'submission.create',
  'submission.read',
  'submission.edit',
  'submission.review',
  'user.manage',
  'geo.import',
  'provider.manage',
  'audit.read',
  'help.edit',
  'indicator.read',
  'indicator.edit',
  'training.manage',
  'webhook.manage',
  'report.write',
] as const;
export type Action = (typeof actions)[number];

export type Reach = 'area' | 'own';

/** Rank for delegated administration: a manager grants only roles ranked no higher than their own. */
export const roleRank: Record<Role, number> = {
  system_admin: 100,
  national_officer: 90,
  provincial_officer: 70,
  district_officer: 60,
  reviewer: 50,
  commune_user: 40,
  cso_partner: 40,
  trainer: 30,
  facilitator: 20,
  viewer: 10,
};

const all = Object.fromEntries(actions.map((a) => [a, 'area'])) as Record<Action, Reach>;
/** Webhooks send records out of the system: system administrators only (decision 262). */
const { 'webhook.manage': _webhooks, ...allButWebhooks } = all;
const fieldWork = { 'definition.read': 'area', 'submission.create': 'area', 'submission.read': 'area', 'indicator.read': 'area' } as const;

export const matrix: Record<Role, Partial<Record<Action, Reach>>> = {
  system_admin: all,
  national_officer: { ...allButWebhooks, 'geo.import': 'area' },
  provincial_officer: { ...fieldWork, 'submission.edit': 'area', 'submission.review': 'area', 'user.manage': 'area', 'provider.manage': 'area', 'training.manage': 'area', 'report.write': 'area' },
  district_officer: { ...fieldWork, 'submission.edit': 'area', 'submission.review': 'area', 'user.manage': 'area', 'provider.manage': 'area', 'training.manage': 'area', 'report.write': 'area' },
  commune_user: { ...fieldWork, 'submission.edit': 'own' },
  cso_partner: { ...fieldWork, 'submission.edit': 'own' },
  facilitator: { ...fieldWork, 'submission.edit': 'own' },
  reviewer: { 'definition.read': 'area', 'submission.read': 'area', 'submission.review': 'area', 'indicator.read': 'area' },
  trainer: { 'definition.read': 'area', 'help.edit': 'area', 'indicator.read': 'area', 'training.manage': 'area' },
  viewer: { 'definition.read': 'area', 'indicator.read': 'area' },
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function reachOf(role: string, action: Action): Reach | undefined {
  return isRole(role) ? matrix[role][action] : undefined;
}

/** What a read-only API token may do (every other action writes). */
export const READ_ACTIONS: ReadonlySet<Action> = new Set(['definition.read', 'submission.read', 'audit.read', 'indicator.read']);

/**
 * What a form-limited API token may do: the records of its forms, and read definitions. Indicators,
 * reports and the audit log sum up or name every form, and the rest is administration (decision 265).
 */
export const FORM_TOKEN_ACTIONS: ReadonlySet<Action> = new Set(['definition.read', 'submission.create', 'submission.read', 'submission.edit', 'submission.review']);

export function can(actor: Actor, action: Action): boolean {
  if (actor.token?.scope === 'read' && !READ_ACTIONS.has(action)) return false;
  if (actor.token?.formKeys && !FORM_TOKEN_ACTIONS.has(action)) return false;
  return actor.grants.some((g) => reachOf(g.role, action) !== undefined);
}

/**
 * Throws UNAUTHENTICATED without an actor, PASSWORD_CHANGE_REQUIRED while a reset password is in use,
 * FORBIDDEN without the permission; returns the actor.
 */
export function requireActor(actor: Actor | null, action?: Action): Actor {
  if (!actor) throw new Problem('UNAUTHENTICATED');
  if (actor.mustChangePassword) throw new Problem('PASSWORD_CHANGE_REQUIRED');
  if (action && !can(actor, action)) throw new Problem('FORBIDDEN');
  return actor;
}

// Training mode (issue 11, part 7): a user's switch that makes what they create training data, a
// count of the training records in reach, and their removal in one action. Who removes what: with
// `training.manage` (trainers, officers, admins) every training record inside their area; anyone else
// their own training records. Indicators and reports never count training records (facts-sql.ts,
// submissions.repository.ts); lists and exports show them only in training mode (submission-filter.ts).
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf, type Scope } from '../auth/scope';
import { recordAudit } from '../audit/audit.repository';
import type { Database } from '../db/schema';
import { setUserTrainingMode } from '../users/users.repository';
import { countTraining, deleteTraining } from './submissions.repository';

export interface TrainingReach {
  /** 'area': training records in the manager's areas; 'own': the user's own. */
  reach: 'area' | 'own';
  scope: Scope;
  ownerId: string | null;
}

function reachOf(who: Actor): TrainingReach {
  const scope = scopeOf(who, 'training.manage');
  const manages = scope.all || scope.prefixes.length > 0;
  if (manages) return { reach: 'area', scope, ownerId: null };
  // Their own records, of the token's forms when it is form-limited.
  const forms = who.token?.formKeys;
  return { reach: 'own', scope: forms ? { all: false, prefixes: [], forms } : { all: false, prefixes: [] }, ownerId: who.id };
}

/** Turns the signed-in user's training switch on or off (audited: it changes what their records count for). */
export async function setTrainingMode(trx: Kysely<Database>, actor: Actor | null, on: boolean): Promise<boolean> {
  const who = requireActor(actor);
  if (who.trainingMode !== on) {
    await setUserTrainingMode(trx, who.id, on);
    await recordAudit(trx, { actorId: who.id, actorName: who.username, action: on ? 'training.start' : 'training.stop', entity: 'user', entityId: who.username, ip: who.ip });
  }
  return on;
}

export interface TrainingSummary {
  reach: 'area' | 'own';
  total: number;
  forms: Array<{ key: string; n: number }>;
}

export async function trainingSummary(db: Kysely<Database>, actor: Actor | null): Promise<TrainingSummary> {
  const who = requireActor(actor);
  const r = reachOf(who);
  const forms = await countTraining(db, r.scope, r.ownerId);
  return { reach: r.reach, total: forms.reduce((sum, f) => sum + f.n, 0), forms };
}

/**
 * Deletes every training record in reach in one statement (caller's transaction), with one audit
 * entry per place so the area-limited audit log shows each area what left it. Returns the count.
 */
export async function removeTrainingData(trx: Kysely<Database>, actor: Actor | null): Promise<number> {
  const who = requireActor(actor);
  const r = reachOf(who);
  const gone = await deleteTraining(trx, r.scope, r.ownerId);
  for (const place of gone) {
    await recordAudit(trx, {
      actorId: who.id,
      actorName: who.username,
      action: 'training.remove',
      entity: 'submission',
      entityId: 'training',
      after: { removed: place.n, reach: r.reach },
      ip: who.ip,
      geoCode: place.geoCode,
    });
  }
  return gone.reduce((sum, p) => sum + p.n, 0);
}

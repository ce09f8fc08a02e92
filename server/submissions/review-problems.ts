// The problems of review and corrections, in Khmer and English (codes in core/problems.ts).
import { Problem } from '../core/problems';
import type { ReviewState } from './review-states';

const stateNames: Record<ReviewState, { en: string; km: string }> = {
  received: { en: 'received', km: 'បានទទួល' },
  has_issues: { en: 'has issues', km: 'មានបញ្ហា' },
  approved: { en: 'approved', km: 'បានអនុម័ត' },
  rejected: { en: 'rejected', km: 'បានបដិសេធ' },
};

export function stateName(state: ReviewState) {
  return stateNames[state];
}

/** expectedVersion given and not the stored one: CONFLICT naming the current version. */
export function checkVersion(current: { version: number }, expected: number | null | undefined): void {
  if (expected === undefined || expected === null || expected === current.version) return;
  const message = {
    en: `This record was changed by someone else: it is now at version ${current.version} (you had version ${expected}). Reload it and make your change again.`,
    km: `កំណត់ត្រានេះត្រូវបានកែប្រែដោយអ្នកផ្សេង៖ ឥឡូវវាជាកំណែ ${current.version} (អ្នកមានកំណែ ${expected})។ សូមផ្ទុកវាឡើងវិញ ហើយធ្វើការកែប្រែម្តងទៀត។`,
  };
  throw new Problem('CONFLICT', { message, errors: [{ path: 'expectedVersion', keyword: 'version', message }] });
}

export function lockedProblem(): Problem {
  return new Problem('LOCKED', {
    errors: [
      {
        path: 'id',
        keyword: 'locked',
        message: { en: 'Approved records are locked: request an unlock with a reason.', km: 'កំណត់ត្រាដែលបានអនុម័តត្រូវបានចាក់សោ៖ សូមស្នើសុំដោះសោដោយបញ្ជាក់មូលហេតុ។' },
      },
    ],
  });
}

export function invalidTransition(from: ReviewState, to: ReviewState): Problem {
  const a = stateName(from);
  const b = stateName(to);
  const message =
    from === 'approved'
      ? { en: `An approved record moves to "${b.en}" only through an unlock request.`, km: `កំណត់ត្រាដែលបានអនុម័តអាចប្តូរទៅ "${b.km}" បានតែតាមរយៈសំណើដោះសោប៉ុណ្ណោះ។` }
      : { en: `A record that is "${a.en}" cannot move to "${b.en}".`, km: `កំណត់ត្រាដែល "${a.km}" មិនអាចប្តូរទៅ "${b.km}" បានទេ។` };
  return new Problem('INVALID_TRANSITION', { message, errors: [{ path: 'state', keyword: 'transition', message }] });
}

export function badInput(path: string, keyword: string, en: string, km: string): Problem {
  return new Problem('BAD_INPUT', { message: { en, km }, errors: [{ path, keyword, message: { en, km } }] });
}

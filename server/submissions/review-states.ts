// The review states of a submission and the moves between them (issue 12; docs/api.md "Review").
// Pure rules, shared by the review service, the filters and the exports.
export const reviewStates = ['received', 'has_issues', 'approved', 'rejected'] as const;
export type ReviewState = (typeof reviewStates)[number];

export function isReviewState(value: unknown): value is ReviewState {
  return typeof value === 'string' && (reviewStates as readonly string[]).includes(value);
}

/**
 * The moves a reviewer makes with reviewSubmission(s). An approved record is locked: it leaves
 * `approved` only through a granted unlock request (to has_issues). has_issues → received is also
 * automatic when the submitter corrects the record.
 */
const moves: Record<ReviewState, readonly ReviewState[]> = {
  received: ['has_issues', 'approved', 'rejected'],
  has_issues: ['approved', 'rejected', 'received'],
  approved: [],
  rejected: ['received'],
};

export function canMove(from: ReviewState, to: ReviewState): boolean {
  return moves[from].includes(to);
}

/** States a reviewer's move to `to` must come with a comment for (what is wrong, why rejected). */
export function needsComment(to: ReviewState): boolean {
  return to === 'has_issues' || to === 'rejected';
}

/** An approved record takes no edits until an unlock is granted. */
export function isLocked(status: string): boolean {
  return status === 'approved';
}

/** The state an edit leaves: the submitter's correction of a record sent back returns it for review. */
export function stateAfterEdit(status: string, editorId: string, submittedBy: string | null): string {
  return status === 'has_issues' && editorId === submittedBy ? 'received' : status;
}

/** Longest comment, unlock reason or decision reason (characters). */
export const MAX_COMMENT = 2000;
/** Most ids in one bulk review. */
export const MAX_BULK = 10_000;

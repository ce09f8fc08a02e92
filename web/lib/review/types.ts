// Review types of issue 12, taken from the generated operations (web/lib/api/operations/review.graphql).
import type { AttentionQuery, CommentNodeFragment, ReviewFactsFragment, ReviewRecordQuery, ReviewState, ReviewSubmissionsMutation } from '$lib/api/generated/graphql';

export type { ReviewState };
export const REVIEW_STATES: readonly ReviewState[] = ['RECEIVED', 'HAS_ISSUES', 'APPROVED', 'REJECTED'];

export type ReviewFacts = ReviewFactsFragment;
export type UnlockRequest = NonNullable<ReviewFacts['pendingUnlock']>;
export type SubmissionComment = CommentNodeFragment;
export type HistoryEntry = ReviewRecordQuery['submissionHistory'][number];
export type FieldChange = HistoryEntry['changes'][number];
export type BulkReviewResult = ReviewSubmissionsMutation['reviewSubmissions'];
export type Attention = AttentionQuery['attention'];
export type AttentionItem = Attention['items'][number];

export function isReviewState(value: string): value is ReviewState {
	return (REVIEW_STATES as readonly string[]).includes(value);
}

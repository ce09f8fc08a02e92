// GraphQL calls of the review pages (contract: docs/api.md "Review and corrections"). Each throws
// ApiError; pages branch on its code (LOCKED, CONFLICT, INVALID_TRANSITION, VALIDATION_FAILED, …).
import { gql, type Fetch } from '$lib/api';
import {
	AttentionDocument,
	CommentSubmissionDocument,
	CorrectSubmissionDocument,
	DecideUnlockDocument,
	RequestUnlockDocument,
	ReviewRecordDocument,
	ReviewSubmissionDocument,
	ReviewSubmissionsDocument,
} from '$lib/api/generated/graphql';
import type { Attention, BulkReviewResult, HistoryEntry, ReviewFacts, ReviewState, SubmissionComment, UnlockRequest } from './types';

export interface ReviewRecord {
	facts: ReviewFacts | null;
	comments: SubmissionComment[];
	history: HistoryEntry[];
}

export async function fetchReviewRecord(fetchFn: Fetch, id: string): Promise<ReviewRecord> {
	const data = await gql(ReviewRecordDocument, { id }, fetchFn);
	return { facts: data.submission, comments: data.submissionComments, history: data.submissionHistory };
}

export async function reviewSubmission(id: string, state: ReviewState, comment: string | null, expectedVersion: number): Promise<ReviewFacts> {
	return (await gql(ReviewSubmissionDocument, { id, state, comment, expectedVersion })).reviewSubmission;
}

export async function reviewSubmissions(ids: string[], state: ReviewState, comment: string | null): Promise<BulkReviewResult> {
	return (await gql(ReviewSubmissionsDocument, { ids, state, comment })).reviewSubmissions;
}

export async function commentSubmission(id: string, body: string, replyTo: string | null): Promise<SubmissionComment> {
	return (await gql(CommentSubmissionDocument, { id, body, replyTo })).commentSubmission;
}

/** A correction; the geography stays the record's (or follows the answers) unless `geoCode` is given. */
export async function correctSubmission(id: string, data: Record<string, unknown>, expectedVersion: number, geoCode?: string): Promise<ReviewFacts> {
	return (await gql(CorrectSubmissionDocument, { id, data, expectedVersion, ...(geoCode ? { geoCode } : {}) })).updateSubmission;
}

export async function requestUnlock(id: string, reason: string): Promise<UnlockRequest> {
	return (await gql(RequestUnlockDocument, { id, reason })).requestUnlock;
}

export async function decideUnlock(id: string, grant: boolean, reason: string | null): Promise<ReviewFacts> {
	return (await gql(DecideUnlockDocument, { id, grant, reason })).decideUnlock;
}

export async function fetchAttention(fetchFn: Fetch, first = 8): Promise<Attention> {
	return (await gql(AttentionDocument, { first }, fetchFn)).attention;
}

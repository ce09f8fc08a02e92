// Calls of the training card (account page) and the training banner.
import { gql, type Fetch } from '$lib/api';
import { RemoveTrainingDataDocument, SetTrainingModeDocument, TrainingSummaryDocument, type TrainingSummaryQuery } from '$lib/api/generated/graphql';

export type TrainingSummary = TrainingSummaryQuery['trainingSummary'];

export async function setTrainingMode(on: boolean, fetchFn: Fetch = fetch): Promise<boolean> {
	return (await gql(SetTrainingModeDocument, { on }, fetchFn)).setTrainingMode;
}

export async function trainingSummary(fetchFn: Fetch = fetch): Promise<TrainingSummary> {
	return (await gql(TrainingSummaryDocument, {}, fetchFn)).trainingSummary;
}

export async function removeTrainingData(fetchFn: Fetch = fetch): Promise<number> {
	return (await gql(RemoveTrainingDataDocument, {}, fetchFn)).removeTrainingData;
}

// Why: the admin webhooks page's operations (docs/api.md "Webhooks"), typed by the generated
// documents. A signing secret comes back once, from createWebhook or rotateWebhookSecret, and is never stored in the browser.
import { gql, type Fetch } from '$lib/api';
import {
	CreateWebhookDocument,
	DeleteWebhookDocument,
	RedeliverDocument,
	RotateWebhookSecretDocument,
	SendTestPingDocument,
	UpdateWebhookDocument,
	WebhookDeliveriesDocument,
	WebhooksDocument,
	type WebhookChange,
	type WebhookDeliveriesQuery,
	type WebhookFieldsFragment,
	type WebhookInput,
} from '$lib/api/generated/graphql';

export type WebhookInfo = WebhookFieldsFragment;
export type DeliveryPage = WebhookDeliveriesQuery['webhookDeliveries'];
export type DeliveryInfo = DeliveryPage['nodes'][number];

export async function listWebhooks(fetchFn: Fetch = fetch): Promise<{ webhooks: WebhookInfo[]; events: string[] }> {
	const data = await gql(WebhooksDocument, {}, fetchFn);
	return { webhooks: data.webhooks, events: data.webhookEvents };
}

export async function listDeliveries(webhookId: string, after: string | null, fetchFn: Fetch = fetch): Promise<DeliveryPage> {
	return (await gql(WebhookDeliveriesDocument, { webhookId, first: 20, after }, fetchFn)).webhookDeliveries;
}

export async function createWebhook(input: WebhookInput, fetchFn: Fetch = fetch): Promise<{ secret: string; webhook: WebhookInfo }> {
	return (await gql(CreateWebhookDocument, { input }, fetchFn)).createWebhook;
}

export async function updateWebhook(id: string, change: WebhookChange, fetchFn: Fetch = fetch): Promise<WebhookInfo> {
	return (await gql(UpdateWebhookDocument, { id, change }, fetchFn)).updateWebhook;
}

export async function deleteWebhook(id: string, fetchFn: Fetch = fetch): Promise<void> {
	await gql(DeleteWebhookDocument, { id }, fetchFn);
}

export async function redeliver(deliveryId: string, fetchFn: Fetch = fetch): Promise<void> {
	await gql(RedeliverDocument, { deliveryId }, fetchFn);
}

export async function sendTestPing(webhookId: string, fetchFn: Fetch = fetch): Promise<void> {
	await gql(SendTestPingDocument, { webhookId }, fetchFn);
}

/** A new signing secret (shown once); the old one signs beside it for 24 hours. */
export async function rotateWebhookSecret(id: string, fetchFn: Fetch = fetch): Promise<{ secret: string; webhook: WebhookInfo }> {
	return (await gql(RotateWebhookSecretDocument, { id }, fetchFn)).rotateWebhookSecret;
}

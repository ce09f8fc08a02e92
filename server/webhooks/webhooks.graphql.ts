// GraphQL for webhooks (issue 14.6): list, create (the secret answered once), change, delete, the
// delivery log, redeliver and a test ping. Thin: arguments → webhooks.service → output shapes.
import { inTransaction, type GraphQLContext } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import { WEBHOOK_EVENTS } from './webhook-events';
import {
  createWebhook,
  deleteWebhook,
  deliverySummary,
  redeliver,
  rotateWebhookSecret,
  sendTestPing,
  updateWebhook,
  webhookDeliveries,
  webhooksOf,
  type DeliveryRow,
  type WebhookRow,
} from './webhooks.service';

const typeDefs = /* GraphQL */ `
  type Webhook {
    id: ID!
    name: String!
    url: String!
    "submission.created, submission.updated, submission.reviewed, definition.published"
    events: [String!]!
    "Only these forms; null: every form."
    formKeys: [String!]
    enabled: Boolean!
    "Username of its creator: it hears of records inside their area only."
    createdBy: String!
    createdAt: String!
    updatedAt: String!
    "After a new secret was made: until when the old one still signs beside it (null: it does not)."
    previousSecretUntil: String
    "Deliveries by status: pending, delivering, delivered, failed."
    pending: Int!
    delivered: Int!
    failed: Int!
  }
  type WebhookDelivery {
    id: ID!
    "The body's id: the same on retries and redeliveries."
    eventId: ID!
    event: String!
    "pending, delivering, delivered or failed"
    status: String!
    attempts: Int!
    nextAttemptAt: String
    lastAttemptAt: String
    lastStatusCode: Int
    lastError: String
    "The start of the receiver's last answer (at most 4 KB)."
    lastResponse: String
    occurredAt: String!
    createdAt: String!
    deliveredAt: String
    redeliveryOf: ID
    "The body's data."
    payload: JSON!
  }
  type WebhookDeliveryPage { nodes: [WebhookDelivery!]! pageInfo: PageInfo! }
  type CreatedWebhook {
    "The signing secret, shown this once."
    secret: String!
    webhook: Webhook!
  }
  input WebhookInput { name: String! url: String! events: [String!]! formKeys: [String!] enabled: Boolean }
  input WebhookChange { name: String url: String events: [String!] formKeys: [String!] enabled: Boolean }

  extend type Query {
    "Webhooks the caller manages (system administrators)."
    webhooks: [Webhook!]!
    "The events a webhook may subscribe to."
    webhookEvents: [String!]!
    "A webhook's deliveries, newest first."
    webhookDeliveries(webhookId: ID!, first: Int, after: String): WebhookDeliveryPage!
  }
  extend type Mutation {
    createWebhook(input: WebhookInput!): CreatedWebhook!
    updateWebhook(id: ID!, change: WebhookChange!): Webhook!
    deleteWebhook(id: ID!): Boolean!
    "A new signing secret, shown this once; the old one keeps signing beside it for keepOldHours (default 24, 0 to 168)."
    rotateWebhookSecret(id: ID!, keepOldHours: Int): CreatedWebhook!
    "Sends a delivery's event again, as a new delivery."
    redeliver(deliveryId: ID!): WebhookDelivery!
    "Queues a ping to the webhook's receiver."
    sendTestPing(webhookId: ID!): WebhookDelivery!
  }
`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function webhookOut(row: WebhookRow, counts: Record<string, number> = {}) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events,
    formKeys: row.form_keys,
    enabled: row.enabled,
    createdBy: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    previousSecretUntil: row.previous_secret_until && row.previous_secret_until.getTime() > Date.now() ? row.previous_secret_until.toISOString() : null,
    pending: (counts.pending ?? 0) + (counts.delivering ?? 0),
    delivered: counts.delivered ?? 0,
    failed: counts.failed ?? 0,
  };
}

function deliveryOut(row: DeliveryRow) {
  const waiting = row.status === 'pending' || row.status === 'delivering';
  return {
    id: row.id,
    eventId: row.event_id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: waiting ? row.next_attempt_at.toISOString() : null,
    lastAttemptAt: iso(row.last_attempt_at),
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastResponse: row.last_response,
    occurredAt: row.occurred_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    deliveredAt: iso(row.delivered_at),
    redeliveryOf: row.redelivery_of,
    payload: row.payload,
  };
}

function nudged<T>(ctx: GraphQLContext, value: T): T {
  ctx.services.webhooks.nudge();
  return value;
}

export const webhooksModule: GraphQLModule = {
  typeDefs,
  resolvers: {
    Query: {
      webhooks: async (_r, _a, ctx) => {
        const rows = await webhooksOf(ctx.services.db, ctx.actor);
        const counts = await deliverySummary(ctx.services.db, rows.map((r) => r.id));
        return rows.map((r) => webhookOut(r, counts.get(r.id)));
      },
      webhookEvents: () => [...WEBHOOK_EVENTS],
      webhookDeliveries: async (_r, args, ctx) => {
        const page = await webhookDeliveries(ctx.services.db, ctx.actor, args.webhookId, args.first ?? 20, args.after);
        const last = page.rows.at(-1);
        return { nodes: page.rows.map(deliveryOut), pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? last.seq : null } };
      },
    },
    Mutation: {
      createWebhook: (_r, args, ctx) =>
        inTransaction(ctx, async (trx) => {
          const { secret, row } = await createWebhook(trx, ctx.actor, args.input, ctx.services.config.webhooks);
          return { secret, webhook: webhookOut(row) };
        }),
      updateWebhook: (_r, args, ctx) => inTransaction(ctx, async (trx) => webhookOut(await updateWebhook(trx, ctx.actor, args.id, args.change, ctx.services.config.webhooks))),
      rotateWebhookSecret: (_r, args, ctx) =>
        inTransaction(ctx, async (trx) => {
          const { secret, row } = await rotateWebhookSecret(trx, ctx.actor, args.id, args.keepOldHours ?? undefined);
          return { secret, webhook: webhookOut(row) };
        }),
      deleteWebhook: (_r, args, ctx) => inTransaction(ctx, (trx) => deleteWebhook(trx, ctx.actor, args.id)),
      // After the commit, this instance's worker looks at once (any instance's next poll would too).
      redeliver: async (_r, args, ctx) => nudged(ctx, deliveryOut(await inTransaction(ctx, (trx) => redeliver(trx, ctx.actor, args.deliveryId)))),
      sendTestPing: async (_r, args, ctx) => nudged(ctx, deliveryOut(await inTransaction(ctx, (trx) => sendTestPing(trx, ctx.actor, args.webhookId)))),
    },
  },
};

// What the rest of the server tells the metrics (server/http/metrics.ts) about, without knowing
// prom-client or fastify: accepted submissions. A no-op when /metrics is off (no METRICS_TOKEN).
export type SubmissionOutcome = 'accepted' | 'stored' | 'duplicate' | 'conflict' | 'invalid' | 'forbidden';

export interface AppMetrics {
  /** `count` records that ended as `outcome`, sent through `via` (submit, or the outbox's syncSubmissions). */
  submissions(via: 'submit' | 'sync', outcome: SubmissionOutcome, count?: number): void;
  /** One group-commit statement of `submit` carried `rows` records (insert-coalescer.ts). */
  submitStatement(rows: number): void;
}

export const noMetrics: AppMetrics = { submissions: () => undefined, submitStatement: () => undefined };

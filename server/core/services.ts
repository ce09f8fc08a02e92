// The service container: what the app builds once at start and hands to routes and GraphQL. It lives
// in the neutral core (not in graphql/) so routes, resolvers and the app assembly share one type.
import type { Kysely } from 'kysely';
import type { LoginThrottle } from '../auth/throttle';
import type { IndicatorRefresher } from '../indicators/refresher';
import type { Config } from '../config';
import type { AppMetrics } from './metrics';
import type { Database } from '../db/schema';
import type { ExportProbe } from '../exports/export-pace';
import type { CopyOut } from '../db/copy-out';
import type { SubmissionDeps } from '../submissions/submissions.service';
import type { WebhookWorker } from '../webhooks/webhook-worker';
import type { MediaOffloader } from '../media/media-offload';

export interface AppServices extends SubmissionDeps {
  db: Kysely<Database>;
  /** Which database engine `db` is (some work is paced differently on PGlite's one connection). */
  engine: 'postgres' | 'pglite';
  config: Config;
  throttle: LoginThrottle;
  indicators: IndicatorRefresher;
  /** Delivers the webhook queue (every instance runs one; webhook-worker.ts). */
  webhooks: WebhookWorker;
  /** With object storage (MEDIA_S3_*): moves stored media files to the bucket and reads them back. */
  mediaOffload?: MediaOffloader;
  /** Counters for /metrics (no-op when it is off). */
  metrics: AppMetrics;
  /** Tests and the export benchmark only: watches exports (rows read, bytes waiting for the client). */
  exportProbe?: ExportProbe;
  /** PostgreSQL only: runs a statement as `COPY … TO STDOUT` (CSV exports at COPY's pace). */
  copyOut?: CopyOut;
}

// Kysely table types: the one description of the database the repositories compile against, and the
// row types (Selectable / Insertable / Updateable per table) that services and resolvers share.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Definition as FormSchema, HelpPage, IndicatorDefinition } from '../../form-engine/index';
import type { ReportTemplate } from '../reports/report-template';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  locale: Generated<string>;
  must_change_password: Generated<boolean>;
  /** The user's training switch: records they make while it is on are training records. */
  training_mode: Generated<boolean>;
  disabled_at: Date | null;
  created_at: Generated<Date>;
}

export interface UserGrantTable {
  user_id: string;
  role: string;
  geo_code: string;
  created_at: Generated<Date>;
}

export interface SessionTable {
  id: string;
  user_id: string;
  expires_at: Timestamp;
  kind: string;
  created_at: Generated<Date>;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  /** SHA-256 of the token, hex (sessionIdFromToken). */
  id: string;
  user_id: string;
  name: string;
  scope: 'read' | 'read_write';
  /** Forms whose records the token may read or write; null: every form its owner may. */
  form_keys: string[] | null;
  expires_at: Timestamp;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  last_used_ip: string | null;
  revoked_at: Date | null;
}

export interface DefinitionTable {
  key: string;
  version: number;
  kind: string;
  status: string;
  schema: Json;
  created_by: string | null;
  created_at: Generated<Date>;
  published_at: Date | null;
}

export interface SubmissionTable {
  id: string;
  seq: Generated<string>;
  definition_key: string;
  definition_version: number;
  geo_code: string | null;
  period: string | null;
  status: Generated<string>;
  data: Json;
  submitted_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Made in training mode: left out of indicators, reports and the default views; removable. */
  training: Generated<boolean>;
  /** +1 on every data edit and review change (optimistic concurrency). */
  version: Generated<number>;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

export interface SubmissionVersionTable {
  submission_id: string;
  version: number;
  data: Json;
  status: string;
  edited_by: string | null;
  edited_at: Generated<Date>;
  /** The record's version and review state right after this edit (null only before migration 20261201130000 ran). */
  next_version: number | null;
  next_status: string | null;
}

/** Comments on a record, and the review changes and unlock steps they came with. */
export interface SubmissionCommentTable {
  id: Generated<string>;
  submission_id: string;
  author_id: string | null;
  author_name: string;
  body: string;
  reply_to: string | null;
  from_state: string | null;
  to_state: string | null;
  kind: string;
  version: number;
  created_at: Generated<Date>;
}

/** Requests to unlock an approved record; at most one pending (decision null) per record. */
export interface SubmissionUnlockRequestTable {
  id: Generated<string>;
  submission_id: string;
  reason: string;
  requested_by: string | null;
  requested_by_name: string;
  requested_at: Generated<Date>;
  decision: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

export interface AuditEventTable {
  id: Generated<string>;
  at: Generated<Date>;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
  ip: string | null;
  /** Place of an area-bound record after the change (null: the entry is about something area-less). */
  geo_code: Generated<string | null>;
  /** Place of the record before the change, for entries whose `before` data lay elsewhere. */
  before_geo_code: Generated<string | null>;
}

interface Aggregate {
  cats: string[];
  bucket: string;
  n: string;
  num: string;
  den: string;
  total: string;
}

export interface IndicatorLeafTable extends Aggregate {
  indicator_key: string;
  indicator_version: number;
  leaf: string;
  month: string;
}

export interface IndicatorRollupTable extends Aggregate {
  indicator_key: string;
  indicator_version: number;
  geo_level: string;
  period_kind: string;
  geo_code: string;
  period: string;
}

export interface IndicatorStateTable {
  indicator_key: string;
  indicator_version: number;
  built_at: Date | null;
  checked_through: Date | null;
  /** pg_snapshot text of the last successful pass: the submissions visible in it are counted. */
  snapshot: string | null;
  failed_at: Date | null;
  error_code: string | null;
  error_path: string | null;
  error_detail: string | null;
  updated_at: Generated<Date>;
}

export interface AttemptCounterTable {
  key: string;
  failures: number;
  resets_at: Timestamp;
  created_at: Generated<Date>;
}

/** Places that edited or deleted submissions left (written by the UPDATE and DELETE triggers only). */
export interface SubmissionMoveTable {
  definition_key: string;
  leaf: string;
  xid: Generated<string>;
}

/** Images of help pages, keyed by the SHA-256 of their bytes. */
export interface HelpImageTable {
  sha256: string;
  mime: string;
  bytes: Uint8Array;
  size: number;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** Recorded clips of field labels (audio prompts), keyed by the SHA-256 of their bytes. */
export interface AudioPromptTable {
  sha256: string;
  mime: string;
  bytes: Uint8Array;
  size: number;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** Generated files of a published form version (migrations/20261201100000_create_definition_artifact.ts). */
export interface DefinitionArtifactTable {
  key: string;
  version: number;
  kind: 'dts' | 'schema';
  content: string;
  sha256: string;
  generator: string;
  created_at: Generated<Date>;
}

export interface GeoUnitTable {
  code: string;
  level: string;
  parent_code: string | null;
  name_km: string;
  name_en: string;
  unit_type_km: Generated<string>;
  unit_type_en: Generated<string>;
  lat: number | null;
  lng: number | null;
  retired_at: Date | null;
  updated_at: Generated<Date>;
}

export interface ServiceProviderTable {
  id: Generated<string>;
  kind: string;
  code: string | null;
  name_km: string;
  name_en: Generated<string>;
  geo_code: string;
  catchment: Generated<string[]>;
  retired_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One import of a kind at a time across instances (core/uploads/import-lock.ts). */
export interface ImportLockTable {
  kind: string;
  holder: string;
  started_at: Date;
  expires_at: Date;
}

/** A geography import's progress and result, readable from every instance (geo/geo-jobs.ts). */
export interface GeoImportJobTable {
  id: string;
  /** The job as the REST API answers it (GeoImportJob). */
  state: unknown;
  finished_at: Date | null;
  updated_at: Generated<Date>;
}

/** A submission import running in the background (issue 14.3; server/submissions/data-import-jobs.ts). */
export interface DataImportJobTable {
  id: string;
  definition_key: string;
  definition_version: number;
  started_by: string | null;
  status: 'running' | 'done' | 'failed';
  phase: 'importing' | 'finished';
  done: Generated<number>;
  total: number;
  stored: Generated<number>;
  duplicates: Generated<number>;
  refused: Generated<number>;
  /** The column matching used (DataMapping). */
  mapping: unknown;
  /** Why a failed job stopped: {code, message: {en, km}}. */
  failure: unknown | null;
  started_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Date | null;
}

/** An export running in the background, then its file until it expires (issue 14; server/exports/export-jobs.ts). */
export interface ExportJobTable {
  id: string;
  definition_key: string;
  format: 'csv' | 'xlsx' | 'zip';
  /** The export's switches (ExportJobParams). */
  params: unknown;
  started_by: string | null;
  /** The starter's submission.read Scope when the job started. */
  scope: unknown;
  status: 'running' | 'done' | 'failed';
  records: number;
  done: Generated<number>;
  total: number;
  file_name: string;
  stored_in: MediaStoredIn | null;
  /** bigint: a string when read. */
  bytes: ColumnType<string | null, number | null | undefined, number | null>;
  /** Why a failed job stopped: {code, message: {en, km}}. */
  failure: unknown | null;
  started_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Date | null;
  expires_at: Date | null;
}

/** One refused row of a submission import job: its spreadsheet row, record id and reasons. */
export interface DataImportRefusalTable {
  job_id: string;
  row: number;
  record_id: string | null;
  code: string;
  /** [{path, message: {en, km}}] */
  errors: unknown;
}

/** A webhook subscription (issue 14.6); `secret` signs its deliveries and is shown only when it is made. */
export interface WebhookTable {
  id: Generated<string>;
  name: string;
  url: string;
  events: string[];
  /** Only records and versions of these forms; null: every form. */
  form_keys: string[] | null;
  secret: string;
  /** After a rotation: the secret before, still signing beside `secret` until `previous_secret_until`. */
  previous_secret: string | null;
  previous_secret_until: Date | null;
  enabled: Generated<boolean>;
  /** Whose live grants bound the records the webhook hears of. */
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type WebhookDeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed';

/** The durable outbox of webhook deliveries and their log (webhooks/webhook-worker.ts claims due rows). */
export interface WebhookDeliveryTable {
  id: Generated<string>;
  seq: Generated<string>;
  /** The body's `id`: the same on retries and redeliveries. */
  event_id: Generated<string>;
  webhook_id: string;
  event: string;
  /** The body's `data`. */
  payload: Json;
  occurred_at: Generated<Date>;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  /** While set and in the future, one worker holds the delivery (its lease). */
  locked_until: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  /** The start of the receiver's last answer (at most 4 KB). */
  last_response: string | null;
  redelivery_of: string | null;
  created_at: Generated<Date>;
  delivered_at: Date | null;
}

export interface Database {
  app_user: AppUserTable;
  user_grant: UserGrantTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  definition: DefinitionTable;
  submission: SubmissionTable;
  submission_version: SubmissionVersionTable;
  submission_comment: SubmissionCommentTable;
  submission_unlock_request: SubmissionUnlockRequestTable;
  audit_event: AuditEventTable;
  indicator_leaf: IndicatorLeafTable;
  indicator_rollup: IndicatorRollupTable;
  indicator_state: IndicatorStateTable;
  attempt_counter: AttemptCounterTable;
  submission_move: SubmissionMoveTable;
  help_image: HelpImageTable;
  audio_prompt: AudioPromptTable;
  definition_artifact: DefinitionArtifactTable;
  geo_unit: GeoUnitTable;
  service_provider: ServiceProviderTable;
  import_lock: ImportLockTable;
  geo_import_job: GeoImportJobTable;
  data_import_job: DataImportJobTable;
  data_import_refusal: DataImportRefusalTable;
  export_job: ExportJobTable;
  webhook: WebhookTable;
  webhook_delivery: WebhookDeliveryTable;
  media_file: MediaFileTable;
  media_upload_lock: MediaUploadLockTable;
  report_narrative: ReportNarrativeTable;
}

/** The narrative of a monthly report, per month and area ('' = country): reports/narrative.repository.ts. */
export interface ReportNarrativeTable {
  month: string;
  geo_code: string;
  body_km: string;
  body_en: string;
  updated_by: string | null;
  updated_by_name: string;
  updated_at: Generated<Date>;
}

export type MediaKind = 'photo' | 'signature' | 'audio';
export type MediaStatus = 'uploading' | 'stored' | 'refused';

/** A media answer's metadata (media/media.repository.ts); its bytes are in the media store. */
export interface MediaFileTable {
  id: string;
  definition_key: string;
  field: string;
  kind: MediaKind;
  status: MediaStatus;
  declared_size: ColumnType<string, number | string, number | string>;
  size: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  /** Read from the file's bytes when it was complete, never from its name or the client's word. */
  content_type: string | null;
  sha256: string | null;
  file_name: string | null;
  uploaded_by: string;
  /** The record that names the file; its area decides who may read the file. */
  submission_id: string | null;
  created_at: Generated<Date>;
  stored_at: Date | null;
  /** 'disk': MEDIA_DIR; 's3': the object storage bucket (moved there by media/media-offload.ts). */
  stored_in: ColumnType<MediaStoredIn, MediaStoredIn | undefined, MediaStoredIn>;
  /** The lease of the instance moving the file to the bucket. */
  offload_until: Date | null;
}

export type MediaStoredIn = 'disk' | 's3';

/** The tus lock of one upload while a request writes it (media/pg-locker.ts). */
export interface MediaUploadLockTable {
  id: string;
  holder: string;
  expires_at: Timestamp;
  release_wanted: Generated<boolean>;
}

// Row types per table: what a select returns, what an insert takes, what an update may set.
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type UserGrant = Selectable<UserGrantTable>;
export type NewUserGrant = Insertable<UserGrantTable>;
export type Session = Selectable<SessionTable>;
export type NewSession = Insertable<SessionTable>;
export type SessionUpdate = Updateable<SessionTable>;
export type DefinitionRecord = Selectable<DefinitionTable>;
export type NewDefinition = Insertable<DefinitionTable>;
export type DefinitionUpdate = Updateable<DefinitionTable>;
export type Submission = Selectable<SubmissionTable>;
export type NewSubmissionRecord = Insertable<SubmissionTable>;
export type SubmissionUpdate = Updateable<SubmissionTable>;
export type SubmissionVersion = Selectable<SubmissionVersionTable>;
export type NewSubmissionVersion = Insertable<SubmissionVersionTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
export type IndicatorLeaf = Selectable<IndicatorLeafTable>;
export type NewIndicatorLeaf = Insertable<IndicatorLeafTable>;
export type IndicatorRollup = Selectable<IndicatorRollupTable>;
export type NewIndicatorRollup = Insertable<IndicatorRollupTable>;
export type IndicatorState = Selectable<IndicatorStateTable>;
export type NewIndicatorState = Insertable<IndicatorStateTable>;
export type IndicatorStateUpdate = Updateable<IndicatorStateTable>;
export type AttemptCounter = Selectable<AttemptCounterTable>;
export type NewAttemptCounter = Insertable<AttemptCounterTable>;
export type AttemptCounterUpdate = Updateable<AttemptCounterTable>;
export type SubmissionMove = Selectable<SubmissionMoveTable>;
export type GeoUnit = Selectable<GeoUnitTable>;
export type NewGeoUnit = Insertable<GeoUnitTable>;
export type GeoUnitUpdate = Updateable<GeoUnitTable>;
export type ServiceProvider = Selectable<ServiceProviderTable>;
export type NewServiceProvider = Insertable<ServiceProviderTable>;
export type ServiceProviderUpdate = Updateable<ServiceProviderTable>;
export type ImportLock = Selectable<ImportLockTable>;
export type NewImportLock = Insertable<ImportLockTable>;
export type Webhook = Selectable<WebhookTable>;
export type NewWebhook = Insertable<WebhookTable>;
export type WebhookUpdate = Updateable<WebhookTable>;
export type WebhookDelivery = Selectable<WebhookDeliveryTable>;

// The shapes the repositories select (named by what they are, not by table).
export type UserRow = AppUser;
export type SessionRow = Pick<Session, 'id' | 'created_at' | 'expires_at' | 'kind' | 'ip' | 'user_agent'>;
export type GeoUnitRow = GeoUnit;
export type ServiceProviderRow = ServiceProvider;
export type SubmissionRow = Omit<Submission, 'data'> & { data: unknown };

export type DefinitionStatus = 'draft' | 'published' | 'retired';
export type DefinitionKind = DefinitionRow['kind'];

/** A definition row as selected (all columns but created_by), its schema typed by its kind. */
interface DefinitionRowBase extends Omit<DefinitionRecord, 'kind' | 'status' | 'schema' | 'created_by'> {
  status: DefinitionStatus;
}
export interface FormDefinitionRow extends DefinitionRowBase {
  kind: 'form';
  schema: FormSchema;
}
export interface IndicatorDefinitionRow extends DefinitionRowBase {
  kind: 'indicator';
  schema: IndicatorDefinition;
}
export interface HelpDefinitionRow extends DefinitionRowBase {
  kind: 'help';
  schema: HelpPage;
}
export interface ReportDefinitionRow extends DefinitionRowBase {
  kind: 'report';
  schema: ReportTemplate;
}
export type DefinitionRow = FormDefinitionRow | IndicatorDefinitionRow | HelpDefinitionRow | ReportDefinitionRow;

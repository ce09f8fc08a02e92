// Kysely table types: the one description of the database the repositories compile against.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  locale: Generated<string>;
  must_change_password: Generated<boolean>;
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
}

export interface SubmissionVersionTable {
  submission_id: string;
  version: number;
  data: Json;
  status: string;
  edited_by: string | null;
  edited_at: Generated<Date>;
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

export interface Database {
  app_user: AppUserTable;
  user_grant: UserGrantTable;
  session: SessionTable;
  definition: DefinitionTable;
  submission: SubmissionTable;
  submission_version: SubmissionVersionTable;
  audit_event: AuditEventTable;
  indicator_leaf: IndicatorLeafTable;
  indicator_rollup: IndicatorRollupTable;
  indicator_state: IndicatorStateTable;
  attempt_counter: AttemptCounterTable;
  submission_move: SubmissionMoveTable;
  definition_artifact: DefinitionArtifactTable;
}

// Environment → typed config, validated once at boot so a bad setting fails fast with a clear message.
import { isIP } from 'node:net';
import { resolve } from 'node:path';

/** How many proxies in front are trusted (hops), or which addresses are; false: none. */
export type TrustProxy = false | number | string[];

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminPassword: string | undefined;
  production: boolean;
  bodyLimit: number;
  sessionDays: number;
  trustProxy: TrustProxy;
  /** GraphQL introspection (and GraphiQL): off in production unless GRAPHQL_INTROSPECTION=1. */
  graphqlIntrospection: boolean;
  /** Largest serialized GraphQL answer, bytes (GRAPHQL_RESPONSE_LIMIT); larger ones are RESPONSE_TOO_LARGE. */
  graphqlResponseLimit: number;
  logLevel: string;
  /** How long boot waits for an unreachable database before giving up (seconds). */
  databaseWaitSeconds: number;
  /** How long a SIGTERM/SIGINT lets in-flight requests finish before their connections are closed (seconds). */
  shutdownTimeoutSeconds: number;
  /** Bearer token that opens GET /metrics (METRICS_TOKEN); unset: /metrics answers 404. */
  metricsToken: string | undefined;
  /** Statements taking at least this long are logged as `slow query` (SLOW_QUERY_MS; 0: off). */
  slowQueryMs: number;
  /** Webhooks (issue 14.6): targets, polling and retries (docs/operations.md, Webhooks). */
  webhooks: WebhookConfig;
  /** Media answers (issue 15.4): where their files are kept and how large one may be. */
  media: MediaConfig;
  /** EXPORT_KEEP_HOURS: how long a background export's file stays downloadable (default 24). */
  exportKeepHours: number;
}

export interface MediaConfig {
  /** MEDIA_DIR: the folder of media files (default `<DATA_DIR>/media`); shared by every instance. */
  dir: string;
  /** MEDIA_MAX_BYTES: the largest photo, signature or recording (default 25 MB). */
  maxBytes: number;
  /** MEDIA_S3_*: S3-compatible object storage for stored files (absent: files stay in MEDIA_DIR). */
  s3?: S3Config;
}

export interface S3Config {
  /** MEDIA_S3_ENDPOINT: e.g. https://s3.ap-southeast-1.amazonaws.com or http://minio:9000. */
  endpoint: string;
  /** MEDIA_S3_BUCKET: an existing bucket. */
  bucket: string;
  /** MEDIA_S3_REGION (default us-east-1; most S3-compatible servers accept any). */
  region: string;
  /** MEDIA_S3_PREFIX: the keys' prefix (default `media/`). */
  prefix: string;
  /** MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY (never logged). */
  accessKeyId: string;
  secretAccessKey: string;
  /** MEDIA_S3_PATH_STYLE: `endpoint/bucket/key` addresses (default 1: MinIO, Ceph, Garage); 0 for virtual hosts. */
  pathStyle: boolean;
  /** MEDIA_S3_SWEEP_SECONDS: how often each instance moves files still in MEDIA_DIR to the bucket. */
  sweepSeconds: number;
}

export interface WebhookConfig {
  /** WEBHOOK_ALLOW_HTTP: plain http:// targets too (default off: https only). */
  allowHttp: boolean;
  /** WEBHOOK_ALLOW_PRIVATE: loopback, private, CGNAT and unique-local targets too (default off). */
  allowPrivate: boolean;
  /** WEBHOOK_POLL_MS: how often each instance looks for due deliveries. */
  pollMs: number;
  /** WEBHOOK_RETRY_SECONDS: waits after each failed attempt; attempts = its length + 1. */
  retrySeconds: number[];
  /** WEBHOOK_TIMEOUT_SECONDS: one attempt's limit, connect to last byte (as ms). */
  timeoutMs: number;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

function booleanFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new ConfigError(`${name} must be 1 or 0 (got "${env[name]}")`);
}

/** Names proxy-addr (fastify's trust check) knows for ranges: 127.0.0.0/8 and ::1, fe80::/10…, private. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: a comma-separated list of the proxies' addresses/CIDR ranges (or loopback, linklocal,
 * uniquelocal), or a number of proxy hops (1 = one proxy in front: the client is the right-most
 * X-Forwarded-For entry; only safe when the server cannot be reached except through the proxies).
 * "true" (trust every hop, so the left-most, client-written entry) is refused: anyone could pick an IP.
 */
function trustProxyFrom(env: NodeJS.ProcessEnv): TrustProxy {
  const raw = env.TRUST_PROXY?.trim().toLowerCase() ?? '';
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === 'true') {
    throw new ConfigError('TRUST_PROXY=true would trust any X-Forwarded-For a client writes; give the number of proxies in front (e.g. 1) or their addresses (e.g. 127.0.0.1,10.0.0.0/8)');
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new ConfigError(`TRUST_PROXY must be a number of proxies between 0 and 10 or a list of proxy addresses (got "${raw}")`);
    return hops;
  }
  const entries = raw.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const wrong = entries.find((e) => !isAddressOrRange(e));
  if (wrong !== undefined || entries.length === 0) {
    throw new ConfigError(
      `TRUST_PROXY must be the number of proxies in front (e.g. 1) or a comma-separated list of their addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1); "${wrong ?? raw}" is neither`,
    );
  }
  return entries;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevelFrom(env: NodeJS.ProcessEnv): string {
  const level = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  return level;
}

/** METRICS_TOKEN: long enough not to be guessed, and sendable as a Bearer token as it is. */
function metricsTokenFrom(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return undefined;
  // The value is never echoed: it is a secret.
  if (!/^[A-Za-z0-9._~+/=-]{24,256}$/.test(raw)) {
    throw new ConfigError('METRICS_TOKEN must be 24 to 256 characters of letters, digits and . _ ~ + / = - (e.g. `openssl rand -hex 32`)');
  }
  return raw;
}

const DEFAULT_RETRY_SECONDS = [30, 120, 600, 3600, 21_600, 43_200, 86_400];

/** WEBHOOK_RETRY_SECONDS: comma-separated waits in seconds (decimals allowed), 0 to 20 of them, each at most 7 days. */
function retrySecondsFrom(env: NodeJS.ProcessEnv): number[] {
  const raw = env.WEBHOOK_RETRY_SECONDS?.trim();
  if (raw === undefined || raw === '') return [...DEFAULT_RETRY_SECONDS];
  if (raw === 'none') return [];
  const parts = raw.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.length > 20 || parts.some((p, i) => !/^\d+(\.\d+)?$/.test(p) || values[i]! > 604_800)) {
    throw new ConfigError(`WEBHOOK_RETRY_SECONDS must be up to 20 comma-separated waits in seconds, each at most 604800 (e.g. 30,120,600), or none (got "${raw}")`);
  }
  return values;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD must have at least 8 characters');
  }
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  return {
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || 'localhost',
    databaseUrl,
    dataDir,
    adminPassword,
    production,
    bodyLimit: intFrom(env, 'BODY_LIMIT', 1_048_576, 1024, 104_857_600),
    sessionDays: intFrom(env, 'SESSION_DAYS', 30, 1, 365),
    trustProxy: trustProxyFrom(env),
    graphqlIntrospection: booleanFrom(env, 'GRAPHQL_INTROSPECTION', !production),
    graphqlResponseLimit: intFrom(env, 'GRAPHQL_RESPONSE_LIMIT', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel: logLevelFrom(env),
    databaseWaitSeconds: intFrom(env, 'DATABASE_WAIT_SECONDS', 60, 0, 3600),
    shutdownTimeoutSeconds: intFrom(env, 'SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 600),
    metricsToken: metricsTokenFrom(env),
    slowQueryMs: intFrom(env, 'SLOW_QUERY_MS', 500, 0, 3_600_000),
    webhooks: {
      allowHttp: booleanFrom(env, 'WEBHOOK_ALLOW_HTTP', false),
      allowPrivate: booleanFrom(env, 'WEBHOOK_ALLOW_PRIVATE', false),
      pollMs: intFrom(env, 'WEBHOOK_POLL_MS', 5000, 10, 600_000),
      retrySeconds: retrySecondsFrom(env),
      timeoutMs: intFrom(env, 'WEBHOOK_TIMEOUT_SECONDS', 10, 1, 60) * 1000,
    },
    media: {
      dir: resolve(env.MEDIA_DIR?.trim() || resolve(dataDir, 'media')),
      maxBytes: intFrom(env, 'MEDIA_MAX_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      ...s3From(env),
    },
    exportKeepHours: intFrom(env, 'EXPORT_KEEP_HOURS', 24, 1, 720),
  };
}

function s3From(env: NodeJS.ProcessEnv): { s3?: S3Config } {
  const bucket = env.MEDIA_S3_BUCKET?.trim();
  const endpoint = env.MEDIA_S3_ENDPOINT?.trim();
  if (!bucket && !endpoint) return {};
  if (!bucket || !endpoint) throw new ConfigError('MEDIA_S3_ENDPOINT and MEDIA_S3_BUCKET go together: set both for object storage, or neither');
  if (!/^https?:\/\/[^/]+/.test(endpoint)) throw new ConfigError(`MEDIA_S3_ENDPOINT must be an http:// or https:// address (got "${endpoint}")`);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`MEDIA_S3_BUCKET must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens (got "${bucket}")`);
  const accessKeyId = env.MEDIA_S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.MEDIA_S3_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) throw new ConfigError('MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY are required with MEDIA_S3_BUCKET');
  const prefix = env.MEDIA_S3_PREFIX ?? 'media/';
  if (!/^[A-Za-z0-9._\/-]{0,200}$/.test(prefix)) throw new ConfigError(`MEDIA_S3_PREFIX may hold letters, digits and . _ / - only (got "${prefix}")`);
  return {
    s3: {
      endpoint: endpoint.replace(/\/+$/, ''),
      bucket,
      region: env.MEDIA_S3_REGION?.trim() || 'us-east-1',
      prefix,
      accessKeyId,
      secretAccessKey,
      pathStyle: booleanFrom(env, 'MEDIA_S3_PATH_STYLE', true),
      sweepSeconds: intFrom(env, 'MEDIA_S3_SWEEP_SECONDS', 60, 1, 86_400),
    },
  };
}

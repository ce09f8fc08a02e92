// Environment → typed config, validated once at boot so a bad setting fails fast with a clear message.
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminPassword: string | undefined;
  production: boolean;
  bodyLimit: number;
  sessionDays: number;
  trustProxy: boolean;
  logLevel: string;
  /** How long boot waits for an unreachable database before giving up (seconds). */
  databaseWaitSeconds: number;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD must have at least 8 characters');
  }
  return {
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || 'localhost',
    databaseUrl,
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    adminPassword,
    production: env.NODE_ENV === 'production',
    bodyLimit: intFrom(env, 'BODY_LIMIT', 1_048_576, 1024, 104_857_600),
    sessionDays: intFrom(env, 'SESSION_DAYS', 30, 1, 365),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    databaseWaitSeconds: intFrom(env, 'DATABASE_WAIT_SECONDS', 60, 0, 3600),
  };
}

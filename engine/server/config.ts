// Server settings from the environment, checked up front so a typo fails at start with the variable's name.
import { join, resolve } from 'node:path';
import { EngineError, type ErrorDetail } from '../core/index.ts';
import { DEFAULT_TIME_ZONE } from '../db/index.ts';
import { s3SettingsFromEnv, type S3Settings } from '../files/index.ts';

export interface ServerConfig {
  /** Project root: metadata/, plugins/ and ui/ are found here. */
  rootDir: string;
  port: number;
  host: string;
  /** PGlite's folder (ignored when databaseUrl is set); also holds the running server's lock file. */
  dataDir: string;
  databaseUrl?: string;
  mode: 'demo' | 'production';
  /** Backups taken before destructive steps (a plugin purge); CRM_BACKUP_DIR, default DATA_DIR/backups. */
  backupDir: string;
  /** Postgres schema of the default tenant. */
  schema: string;
  timeZone: string;
  /** SMTP for e-mail copies of messages (SMTP_URL, MAIL_FROM); in-app only when unset. */
  mail?: { url: string; from: string };
  /** METRICS_TOKEN: when set, GET /metrics wants it as a bearer token. */
  metricsToken?: string;
  /** Seconds a SIGTERM waits for requests in flight before cutting them (SHUTDOWN_GRACE_SECONDS, default 10). */
  shutdownGraceSeconds: number;
  /** Attachments on S3-compatible storage (CRM_S3_BUCKET and friends); on disk under DATA_DIR/files when unset. */
  s3?: S3Settings;
  /** Days a deleted record's attachments are kept before they are purged (CRM_FILE_RETENTION_DAYS, default 30). */
  fileRetentionDays: number;
}

export function configFromEnv(rootDir: string, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const problems: ErrorDetail[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push({ path: 'PORT', message: `"${env.PORT}" is not a port number` });
  const mode = env.CRM_MODE ?? 'demo';
  if (mode !== 'demo' && mode !== 'production') problems.push({ path: 'CRM_MODE', message: `"${mode}" is neither demo nor production` });
  const schema = env.CRM_SCHEMA ?? 'crm';
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(schema)) problems.push({ path: 'CRM_SCHEMA', message: `"${schema}" is not a valid schema name` });
  const timeZone = env.CRM_TIMEZONE ?? DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push({ path: 'CRM_TIMEZONE', message: `"${timeZone}" is not a known time zone` });
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push({ path: 'DATABASE_URL', message: 'must start with postgres://' });
  const smtp = env.SMTP_URL || undefined;
  if (smtp && !/^smtps?:\/\//.test(smtp)) problems.push({ path: 'SMTP_URL', message: 'must start with smtp:// or smtps://' });
  const grace = Number(env.SHUTDOWN_GRACE_SECONDS ?? 10);
  if (!Number.isFinite(grace) || grace < 0) problems.push({ path: 'SHUTDOWN_GRACE_SECONDS', message: `"${env.SHUTDOWN_GRACE_SECONDS}" is not a number of seconds` });
  const s3 = s3SettingsFromEnv(env, schema, problems);
  const fileRetentionDays = Number(env.CRM_FILE_RETENTION_DAYS || 30);
  if (!Number.isInteger(fileRetentionDays) || fileRetentionDays < 0 || fileRetentionDays > 36500) problems.push({ path: 'CRM_FILE_RETENTION_DAYS', message: `"${env.CRM_FILE_RETENTION_DAYS}" is not a whole number of days (0 to 36500)` });
  if (problems.length) throw new EngineError('BAD_REQUEST', 'The server settings are not valid', problems);
  return {
    rootDir,
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(rootDir, env.DATA_DIR ?? join('data')),
    backupDir: resolve(rootDir, env.CRM_BACKUP_DIR ?? join(env.DATA_DIR ?? 'data', 'backups')),
    databaseUrl,
    mode: mode as ServerConfig['mode'],
    schema,
    timeZone,
    mail: smtp ? { url: smtp, from: env.MAIL_FROM ?? 'CRM <crm@localhost>' } : undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    shutdownGraceSeconds: grace,
    s3,
    fileRetentionDays,
  };
}

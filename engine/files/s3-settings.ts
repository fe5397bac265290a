// The S3 settings read from the environment, checked with the other server settings so that a typo fails at start
// with the variable's name. CRM_S3_BUCKET switches S3 on; credentials may come from the SDK's usual sources instead.
import type { ErrorDetail } from '../core/index.ts';
import type { S3Settings } from './s3-file-store.ts';

export function s3SettingsFromEnv(env: NodeJS.ProcessEnv, schema: string, problems: ErrorDetail[]): S3Settings | undefined {
  const bucket = env.CRM_S3_BUCKET || undefined;
  const others = ['CRM_S3_ENDPOINT', 'CRM_S3_REGION', 'CRM_S3_PREFIX', 'CRM_S3_ACCESS_KEY_ID', 'CRM_S3_SECRET_ACCESS_KEY', 'CRM_S3_FORCE_PATH_STYLE'].filter((k) => env[k]);
  if (!bucket) {
    for (const k of others) problems.push({ path: k, message: 'is set but CRM_S3_BUCKET is not: set the bucket too, or unset it' });
    return undefined;
  }
  // Bucket names: 3-63 lower-case letters, digits, dots and hyphens (the rule S3 and its look-alikes share).
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) problems.push({ path: 'CRM_S3_BUCKET', message: `"${bucket}" is not a valid bucket name` });
  const endpoint = env.CRM_S3_ENDPOINT || undefined;
  if (endpoint && !/^https?:\/\/[^\s/]+/.test(endpoint)) problems.push({ path: 'CRM_S3_ENDPOINT', message: 'must be an http:// or https:// URL' });
  const prefix = env.CRM_S3_PREFIX ?? `${schema}/`;
  if (prefix && !/^[A-Za-z0-9._/-]*\/$/.test(prefix)) problems.push({ path: 'CRM_S3_PREFIX', message: 'must be letters, digits, . _ - and /, ending in /' });
  const id = env.CRM_S3_ACCESS_KEY_ID || undefined;
  const secret = env.CRM_S3_SECRET_ACCESS_KEY || undefined;
  if (!id !== !secret) problems.push({ path: id ? 'CRM_S3_SECRET_ACCESS_KEY' : 'CRM_S3_ACCESS_KEY_ID', message: 'set both CRM_S3_ACCESS_KEY_ID and CRM_S3_SECRET_ACCESS_KEY, or neither' });
  const pathStyle = env.CRM_S3_FORCE_PATH_STYLE;
  if (pathStyle !== undefined && pathStyle !== '' && !['true', 'false'].includes(pathStyle)) problems.push({ path: 'CRM_S3_FORCE_PATH_STYLE', message: 'must be true or false' });
  return {
    bucket,
    prefix,
    region: env.CRM_S3_REGION || 'us-east-1',
    endpoint,
    // Self-hosted services (MinIO and the like) are addressed by path; AWS by virtual host.
    forcePathStyle: pathStyle ? pathStyle === 'true' : Boolean(endpoint),
    credentials: id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined,
  };
}

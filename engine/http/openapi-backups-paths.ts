// The OpenAPI entries of 备份 (the backup function): the schedule, the list of backups, a backup taken now, a backup's file.
import type { JsonSchema } from '../data/index.ts';
import { body, E400, E401, E403, E404, E409, E422, obj, ok, path, tag } from './openapi-parts.ts';

const positive = (max: number, what: string) => ({ type: ['integer', 'null'], minimum: 1, maximum: max, description: what });
const schedule = obj({
  enabled: { type: 'boolean' },
  frequency: { type: 'string', enum: ['daily', 'weekly'] },
  weekday: { type: ['integer', 'null'], minimum: 1, maximum: 7, description: 'weekly only: 1 Monday … 7 Sunday' },
  time: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM in the tenant\'s time zone (CRM_TIMEZONE)' },
  keep_count: positive(1000, 'keep the last N scheduled backups'),
  keep_days: positive(3650, 'keep the scheduled backups of the last N days; with both, a backup goes when neither keeps it'),
  folder: { type: ['string', 'null'], description: 'absolute, or relative to the project folder (CRM_ROOT); null: the server\'s backup folder (CRM_BACKUP_DIR). Must be writable by the server' },
});
const view = ok('The schedule with folder_path, default_folder, time_zone, next_run_at and last_run ({at, status ok|failed, file, size, error, deleted})');
const file = { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' }, created_at: { type: 'string', format: 'date-time' }, kind: { type: 'string', enum: ['scheduled', 'manual'] } } };

export function backupsPaths(): Record<string, JsonSchema> {
  return {
    '/api/admin/backups/settings': {
      get: { operationId: 'backupSchedule', ...tag('admin'), summary: 'The backup schedule, its next run and the last run\'s outcome (the backup function)', responses: { '200': view, ...E400, ...E401, ...E403, ...E404 } },
      put: {
        operationId: 'setBackupSchedule',
        ...tag('admin'),
        summary: 'Replace the backup schedule (left-out fields take their defaults); audited; 422 names each bad field and nothing changes',
        requestBody: body(schedule),
        responses: { '200': view, ...E400, ...E401, ...E403, ...E404, ...E422 },
      },
    },
    '/api/admin/backups': {
      get: {
        operationId: 'listBackups',
        ...tag('admin'),
        summary: 'The tenant\'s backups (crm-<schema>-….tar.gz) in the schedule\'s folder, newest first, scheduled or manual',
        responses: { '200': ok('{folder, data: [backup]}', { type: 'object', properties: { folder: { type: 'string' }, data: { type: 'array', items: file } } }), ...E400, ...E401, ...E403, ...E404 },
      },
      post: {
        operationId: 'runBackupNow',
        ...tag('admin'),
        summary: 'Take a backup now (what `crm backup` writes) into the schedule\'s folder; not subject to the retention',
        responses: { '201': ok('The backup, with its table and row counts', file), ...E400, ...E401, ...E403, ...E404, ...E409 },
      },
    },
    '/api/admin/backups/{name}/file': {
      get: {
        operationId: 'downloadBackup',
        ...tag('admin'),
        summary: 'Download a backup listed by GET /api/admin/backups (streamed; audited as file_download with the name); 400 for a name that is not a backup file name, 404 for one not in the folder',
        parameters: [path('name', { type: 'string', pattern: '^crm-[a-z0-9_]+-[A-Za-z0-9_.-]+\\.tar\\.gz$' }, 'the name as listed')],
        responses: { '200': { description: 'The backup archive (.tar.gz)', content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } } }, ...E400, ...E401, ...E403, ...E404 },
      },
    },
  };
}

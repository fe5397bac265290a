// The OpenAPI entries of 定时发送: a saved report's schedules, and the delivered file for its recipient.
import type { JsonSchema } from '../data/index.ts';
import { body, E400, E401, E403, E404, E410, E422, obj, ok, path, tag, uuid } from './openapi-parts.ts';

const code = path('code', { type: 'string' }, 'saved report code');
const id = path('id', uuid, 'schedule id');
const schedule = obj(
  {
    frequency: { type: 'string', enum: ['daily', 'weekly', 'monthly'] },
    weekday: { type: 'integer', minimum: 1, maximum: 7, description: 'weekly only: 1 Monday … 7 Sunday' },
    day_of_month: { type: 'integer', minimum: 1, maximum: 31, description: 'monthly only; past the month\'s end means its last day' },
    time: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM in the tenant\'s time zone (CRM_TIMEZONE)' },
    recipients: obj({ users: { type: 'array', items: uuid }, roles: { type: 'array', items: { type: 'string' } }, departments: { type: 'array', items: uuid } }),
    format: { type: 'string', enum: ['xlsx', 'csv'], description: 'xlsx when left out' },
    parameters: { type: 'object', description: 'values of the definition\'s parameters, by name; a date one also as a relative date {"period": "last_month"|"this_quarter"|…, "edge": "start"|"end"}, resolved at each run from the due day in the tenant\'s time zone' },
  },
  ['frequency', 'time', 'recipients'],
);
const one = ok('A schedule: id, report_code, owner, frequency, weekday, day_of_month, time_of_day, recipients, format, parameters, next_run_at');
const note = 'kept by the report\'s owner (for a built-in report, holders of the metadata function); 422 names the path of each bad value';

export function reportSchedulesPaths(): Record<string, JsonSchema> {
  return {
    '/api/reports/{code}/schedules': {
      get: {
        operationId: 'listReportSchedules',
        ...tag('reports'),
        summary: `A saved report's scheduled deliveries (定时发送) with their next run; ${note}`,
        parameters: [code],
        responses: { '200': ok('{data: [schedule]}'), ...E400, ...E401, ...E403, ...E404 },
      },
      post: {
        operationId: 'createReportSchedule',
        ...tag('reports'),
        summary: `Schedule a saved report: each recipient gets it computed under their own rights, as an in-app message with the file (and an e-mail copy when SMTP is configured); ${note}`,
        parameters: [code],
        requestBody: body(schedule),
        responses: { '201': one, ...E400, ...E401, ...E403, ...E404, ...E422 },
      },
    },
    '/api/reports/{code}/schedules/{id}': {
      put: {
        operationId: 'updateReportSchedule',
        ...tag('reports'),
        summary: `Change a schedule (its next run is planned again); ${note}`,
        parameters: [code, id],
        requestBody: body(schedule),
        responses: { '200': one, ...E400, ...E401, ...E403, ...E404, ...E422 },
      },
      delete: {
        operationId: 'deleteReportSchedule',
        ...tag('reports'),
        summary: `Remove a schedule and its pending run; ${note}`,
        parameters: [code, id],
        responses: { '204': { description: 'Removed' }, ...E400, ...E401, ...E403, ...E404 },
      },
    },
    '/api/report-deliveries/{id}/file': {
      get: {
        operationId: 'downloadReportDelivery',
        ...tag('reports'),
        summary: 'The file a scheduled report delivered, made under the recipient\'s rights when sent; for that recipient only (404 for anyone else and for a delivery without a file; 410 once the file was removed after the retention period, the detail naming the delivery and the day it was removed)',
        parameters: [path('id', uuid, 'delivery id (the message\'s record_id)')],
        responses: { '200': { description: 'The CSV or XLSX file' }, ...E400, ...E401, ...E404, ...E410 },
      },
    },
    '/api/report-deliveries/settings': {
      get: {
        operationId: 'getReportDeliverySettings',
        ...tag('reports'),
        summary: 'How many days delivered report files are kept (after their due time) before a daily job removes them',
        responses: { '200': ok('{retention_days}'), ...E400, ...E401 },
      },
      put: {
        operationId: 'setReportDeliverySettings',
        ...tag('reports'),
        summary: 'Set the retention of delivered report files (the metadata function; audited)',
        requestBody: body(obj({ retention_days: { type: 'integer', minimum: 1, maximum: 3650 } }, ['retention_days'])),
        responses: { '200': ok('{retention_days}'), ...E400, ...E401, ...E403 },
      },
    },
  };
}

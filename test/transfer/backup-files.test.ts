// The backup folder's rules without a database: which files are the schedule's, what each retention rule keeps, and
// that nothing but the schedule's own files is ever deleted.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listBackupFiles, pruneScheduledBackups, scheduledBackupName } from '../../engine/transfer/backup-files.ts';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-12-20T02:00:00Z');

describe('transfer/backup files: listing and retention', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'crm-backup-files-'));
    // Scheduled backups of 1, 2, 3, 5 and 10 days ago, and files that are not the schedule's.
    for (const days of [1, 2, 3, 5, 10]) writeFileSync(join(folder, scheduledBackupName('crm', new Date(NOW.getTime() - days * DAY_MS))), 'x');
    for (const name of ['crm-crm-20200101-000000.tar.gz', 'crm-other-scheduled-20200101-000000.tar.gz', 'crm-crm-scheduled-notes.tar.gz', 'readme.txt']) writeFileSync(join(folder, name), 'x');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const left = () => readdirSync(folder).filter((n) => n.startsWith('crm-crm-scheduled-2')).length;
  const untouched = () => ['crm-crm-20200101-000000.tar.gz', 'crm-other-scheduled-20200101-000000.tar.gz', 'crm-crm-scheduled-notes.tar.gz', 'readme.txt'].every((n) => readdirSync(folder).includes(n));

  it('lists the tenant\'s backups newest first, the schedule\'s as scheduled and the others as manual', () => {
    const files = listBackupFiles(folder, 'crm');
    assert.deepEqual(files.map((f) => f.kind), ['scheduled', 'scheduled', 'scheduled', 'scheduled', 'scheduled', 'manual', 'manual']);
    assert.equal(files[0]!.created_at, new Date(NOW.getTime() - DAY_MS).toISOString());
    assert.ok(!files.some((f) => f.name.includes('other') || f.name === 'readme.txt'), 'another tenant\'s and other files are not listed');
  });

  it('keeps the last N', () => {
    assert.equal(pruneScheduledBackups(folder, 'crm', { keep_count: 2, keep_days: null }, NOW).deleted.length, 3);
    assert.equal(left(), 2);
    assert.ok(untouched());
  });

  it('keeps those of the last N days', () => {
    pruneScheduledBackups(folder, 'crm', { keep_count: null, keep_days: 4 }, NOW);
    assert.equal(left(), 3);
    assert.ok(untouched());
  });

  it('with both rules, deletes only what neither keeps', () => {
    pruneScheduledBackups(folder, 'crm', { keep_count: 4, keep_days: 2 }, NOW);
    assert.equal(left(), 4, 'the count keeps more than the days here');
    pruneScheduledBackups(folder, 'crm', { keep_count: 1, keep_days: 4 }, NOW);
    assert.equal(left(), 3, 'the days keep more than the count here');
    assert.ok(untouched());
  });
});

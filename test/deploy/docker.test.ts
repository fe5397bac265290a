// The Dockerfile and compose.yaml, read statically everywhere; with Docker on the machine, `docker compose config`,
// then build, up until the server is healthy, and down. Skipped with a message where Docker is missing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/plugin-root.ts';

const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');
const hasDocker = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;

describe('deploy/docker', () => {
  it('builds in stages (dependencies, UI, slim runtime) and runs unprivileged, health-checked on readiness, data on a volume', () => {
    const file = read('Dockerfile');
    const stages = [...file.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\w+))?/gim)].map((m) => m[2]);
    assert.deepEqual(stages, ['deps', 'ui', 'runtime']);
    assert.match(file, /^FROM node:20[\w.-]*-slim AS runtime/m);
    assert.match(file, /^USER node$/m);
    assert.match(file, /^HEALTHCHECK [\s\S]*\/api\/ready/m);
    assert.match(file, /^VOLUME \["\/data"\]/m);
    assert.match(file, /DATA_DIR=\/data/);
    assert.match(file, /COPY --from=ui \/app\/ui\/dist \.\/ui\/dist/);
    assert.match(file, /npm ci --omit=dev/);
    // Every file copied from the build context exists (and is not kept out by .dockerignore).
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const m of file.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of m[1]!.split(/\s+/)) {
        assert.ok(existsSync(join(PROJECT_ROOT, source)), `COPY ${source}: missing`);
        assert.ok(!ignored.some((i) => source === i || source.startsWith(`${i}/`)), `COPY ${source}: excluded by .dockerignore`);
      }
    }
    for (const kept of ['node_modules', 'data', 'ui/dist', '.git']) assert.ok(ignored.includes(kept), `.dockerignore keeps ${kept} out`);
  });

  it('composes PostgreSQL and the server: the server waits for a healthy database, data on named volumes', () => {
    const file = read('compose.yaml');
    assert.match(file, /image: postgres:1[56]\b/);
    assert.match(file, /pg_isready/);
    assert.match(file, /depends_on:\s+db:\s+condition: service_healthy/);
    assert.match(file, /DATABASE_URL: postgres:\/\/crm:\$\{POSTGRES_PASSWORD:-crm\}@db:5432\/crm/);
    assert.match(file, /- pgdata:\/var\/lib\/postgresql\/data/);
    assert.match(file, /- crmdata:\/data/);
    assert.match(file, /\/api\/ready/);
    assert.match(file, /^volumes:\s+pgdata:\s+crmdata:/m);
  });

  describe('with Docker', function () {
    this.timeout(900_000);
    before(function () {
      if (!hasDocker) {
        console.log('      (skipped: `docker compose` is not available on this machine)');
        this.skip();
      }
    });
    const compose = (...args: string[]) => spawnSync('docker', ['compose', '-p', 'crm-test', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, CRM_PORT: '38080' } });

    it('accepts the compose file', () => {
      const r = compose('config', '--quiet');
      assert.equal(r.status, 0, r.stderr);
    });

    it('brings up a working system: ready, signed in, metrics', async () => {
      try {
        const up = compose('up', '--build', '--detach', '--wait', '--wait-timeout', '600');
        assert.equal(up.status, 0, up.stdout + up.stderr);
        const ready = await fetch('http://127.0.0.1:38080/api/ready');
        assert.equal(ready.status, 200);
        const login = await fetch('http://127.0.0.1:38080/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo1234' }) });
        assert.equal(login.status, 200);
        assert.match(await (await fetch('http://127.0.0.1:38080/metrics')).text(), /crm_http_requests_total/);
      } finally {
        compose('down', '--volumes');
      }
    });
  });
});

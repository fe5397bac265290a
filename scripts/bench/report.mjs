// The bench's report: the machine it ran on, how busy it was, and the results as a markdown section that
// `--write-docs` adds to docs/benchmarks.md (newest first).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const DOCS_MARKER = '<!-- bench results: newest first; `npm run bench -- --write-docs` inserts below this line -->';

export function machineInfo(root, env) {
  const cpus = os.cpus();
  const git = (a) => spawnSync('git', a, { cwd: root, encoding: 'utf8' }).stdout?.trim();
  return {
    date: new Date(),
    cpu: cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    commit: env.BENCH_COMMIT || git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: Boolean(git(['status', '--porcelain', '--', 'engine', 'package.json'])),
  };
}

/** Share of all CPUs' time that was not idle over the next `ms` milliseconds. */
export async function cpuBusyPercent(ms) {
  const total = () => os.cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, all: a.all + Object.values(c.times).reduce((x, y) => x + y, 0) }), { idle: 0, all: 0 });
  const a = total();
  await new Promise((r) => setTimeout(r, ms));
  const b = total();
  return b.all > a.all ? 100 * (1 - (b.idle - a.idle) / (b.all - a.all)) : 0;
}

export function fmtSpread([lo, hi]) {
  return lo === hi ? lo.toFixed(2) : `${lo.toFixed(2)}–${hi.toFixed(2)}`;
}

export function fmtRate(m) {
  const problems = m.failed || m.errors ? ` (${m.failed} non-2xx, ${m.errors} errors!)` : '';
  return `${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms, ${m.cpuPerRequest.toFixed(0)} µs CPU/req${problems}`;
}

function kib(bytes) {
  return (bytes / 1024).toFixed(1);
}

export function markdownReport(m, results, { settings, env, databaseNote, seconds, profiled }) {
  const d = m.date.toISOString();
  const lines = [
    `### ${d.slice(0, 10)} ${d.slice(11, 16)} UTC · commit ${m.commit}${m.dirty ? ' + uncommitted engine changes' : ''}`,
    '',
    `- Machine: ${m.cpu}, ${m.cores} logical cores, ${m.ramGiB.toFixed(0)} GiB RAM, ${m.os}`,
    `- Node ${m.node}, PostgreSQL ${m.postgres} (${databaseNote}), same machine as the servers and autocannon`,
    env.BENCH_BASELINE_PREPARED === '1'
      ? '- Baseline keeps its session, get and insert statements prepared, as the engine does (BENCH_BASELINE_PREPARED=1)'
      : '- Baseline sends every statement unprepared (the engine prepares its session lookup, get by id and single-statement create)',
    `- CPUs ${m.busyBefore.toFixed(0)}% busy in the 2 s before the run` +
      (m.busyBefore > 15 ? ' — **other work was running on the machine; ratios are noisier than usual**' : ''),
    `- ${settings.rows.toLocaleString('en')} customers; ${settings.connections} connections; ${settings.duration} s measured per server and scenario ` +
      `in ${settings.rounds} round(s) of ours, baseline, baseline, ours after ${settings.warmup} s warm-up each; pg pool ${settings.poolMax} on both; run took ${Math.round(seconds)} s` +
      (profiled.length ? `; **${profiled.join(' and ')} ran under --cpu-prof (slower than normal)**` : ''),
    `- Web app: first load ${kib(m.ui.firstLoad)} KB gzipped JavaScript in ${m.ui.files.length} files (aim: under 600 KB); all chunks ${kib(m.ui.total)} KB`,
    '',
    '| scenario | ours req/s | baseline req/s | ours/baseline | per round | aim | ours p50 / p99 ms | baseline p50 / p99 ms | server CPU µs/req ours / baseline |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const flag = r.ratio >= r.scenario.aim ? '' : ' ✗';
    const errs = (x) => (x.failed || x.errors ? ` (${x.failed + x.errors} failed)` : '');
    lines.push(
      `| ${r.scenario.key} | ${r.ours.rps.toFixed(0)}${errs(r.ours)} | ${r.baseline.rps.toFixed(0)}${errs(r.baseline)} | ${r.ratio.toFixed(2)}${flag} | ${fmtSpread(r.spread)} | ≥ ${r.scenario.aim} | ` +
        `${r.ours.p50.toFixed(1)} / ${r.ours.p99.toFixed(1)} | ${r.baseline.p50.toFixed(1)} / ${r.baseline.p99.toFixed(1)} | ${r.ours.cpuPerRequest.toFixed(0)} / ${r.baseline.cpuPerRequest.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

/** The configurator's operations per second, ours against the hand-written one (scripts/bench/configurator-bench.ts). */
export function configuratorReport(m, { sample, results }, rounds) {
  const d = m.date.toISOString();
  const lines = [
    `#### Configurator · ${d.slice(0, 10)} · commit ${m.commit} · ${m.cpu}, ${m.cores} cores · CPUs ${m.busyBefore.toFixed(0)}% busy before`,
    '',
    `3051C template (9 segments, 9 rules), ${sample.toLocaleString('en')} seeded valid configurations; one process, ${rounds} round(s) of ours, hand-written, hand-written, ours; answers checked equal first.`,
    '',
    '| operation | ours per s | hand-written per s | ours/hand-written |',
    '|---|---:|---:|---:|',
  ];
  for (const r of results) lines.push(`| ${r.key} | ${r.ours.toFixed(0)} | ${r.baseline.toFixed(0)} | ${(r.ours / r.baseline).toFixed(2)} |`);
  return lines.join('\n');
}

export function writeDocs(root, report) {
  const file = join(root, 'docs', 'benchmarks.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n## Results\n\n${DOCS_MARKER}\n`;
  const at = text.indexOf(DOCS_MARKER);
  const older = at < 0 ? '' : text.slice(at + DOCS_MARKER.length).trim();
  const head = at < 0 ? `${text.trimEnd()}\n\n${DOCS_MARKER}` : text.slice(0, at + DOCS_MARKER.length);
  const next = `${head}\n\n${report}\n${older ? `\n${older}\n` : ''}`;
  writeFileSync(file, next);
  console.error(`added the results to ${file}`);
}

// Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the busy time went, by area (package, engine folder,
// Node internals, GC) and by function, with self and inclusive time as a share of the non-idle samples.
// Given the number of requests the process served, shares are also shown as CPU microseconds per request, which is
// what to compare between two servers.
//   node scripts/bench/cpu-profile-summary.mjs FILE.cpuprofile [top=25] [requests]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function summariseProfile(file, top = 25, requests = 0) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Self time per node from the sample stream (timeDeltas are microseconds before each sample).
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const keyOf = (n) => {
    const f = n.callFrame;
    return `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  };
  let total = 0;
  let idle = 0;
  const areas = new Map();
  const selfByFn = new Map();
  const inclusive = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const name = n.callFrame.functionName;
    if (name === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const area = areaOf(n.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const key = keyOf(n);
    selfByFn.set(key, (selfByFn.get(key) ?? 0) + us);
    // Inclusive: charge every distinct function on this node's stack once.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = keyOf(byId.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%${requests ? ` ${(us / requests).toFixed(1).padStart(6)} µs/req` : ''}`;
  const lines = [];
  lines.push(`CPU profile ${file}`);
  lines.push(`busy ${(total / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s (busy = ${((100 * total) / (total + idle)).toFixed(0)}% of one core)`);
  if (requests) lines.push(`${requests} requests served: ${(total / requests).toFixed(0)} µs of CPU per request (start-up included)`);
  lines.push('', 'Self time by area:');
  for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 20)) lines.push(`  ${pct(us)}  ${area}`);
  lines.push('', `Top ${top} functions by self time:`);
  for (const [k, us] of [...selfByFn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  lines.push('', `Top ${top} project functions by inclusive (synchronous) time:`);
  const project = [...inclusive].filter(([k]) => /  (engine|scripts)\//.test(k));
  for (const [k, us] of project.sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  lines.push('', `Top ${top} dependency functions by inclusive (synchronous) time:`);
  const deps = [...inclusive].filter(([k]) => /  node_modules\//.test(k));
  for (const [k, us] of deps.sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  return lines.join('\n');
}

function shortUrl(url) {
  if (!url) return '';
  const m = /\/node_modules\/(.*)$/.exec(url);
  if (m) return `node_modules/${m[1]}`;
  const p = /\/(engine|scripts|migrations)\/(.*)$/.exec(url);
  if (p) return `${p[1]}/${p[2]}`;
  return url.replace(/^file:\/\//, '');
}

function areaOf(frame) {
  const url = frame.url ?? '';
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : 'V8 / native';
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (m) return `dependency ${m[1]}`;
  const e = /\/engine\/([^/]+)\//.exec(url);
  if (e) return `engine/${e[1]}`;
  if (url.startsWith('node:')) return `node ${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  return shortUrl(url);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (!process.argv[2]) {
    console.error('usage: node scripts/bench/cpu-profile-summary.mjs FILE.cpuprofile [top]');
    process.exit(2);
  }
  console.log(summariseProfile(process.argv[2], Number(process.argv[3] ?? 25), Number(process.argv[4] ?? 0)));
}

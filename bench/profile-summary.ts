// Sums the .cpuprofile files of a folder (the lab's children, profiled with
// MPM_LAB_CHILD_ARGV="--cpu-prof --cpu-prof-dir=DIR") into one table of self time:
//
//   node dist/bench/profile-summary.js DIR [ROWS]
import fs from 'node:fs';
import path from 'node:path';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

const dir = process.argv[2];
const rows = Number(process.argv[3] ?? 25);
if (!dir || !fs.existsSync(dir)) {
  console.error('usage: node dist/bench/profile-summary.js DIR [ROWS]   (DIR holds .cpuprofile files)');
  process.exit(2);
}
const self = new Map<string, number>();
let total = 0;
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  const time = new Map<number, number>();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  for (const node of profile.nodes) {
    const t = time.get(node.id) ?? 0;
    if (!t) continue;
    total += t;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + t);
  }
}
for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}`);
}

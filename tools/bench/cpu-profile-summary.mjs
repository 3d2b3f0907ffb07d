#!/usr/bin/env node
// Where a service's CPU time went, from a .cpuprofile written by `node --cpu-prof` (the install
// benchmark's --cpu-prof): self time by package or part of the repository, and the busiest
// functions, as shares of the time the process was not idle.
//
//   node tools/bench/cpu-profile-summary.mjs .cache/bench/profiles/dialogs.<time>.cpuprofile [--top 15]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '15' } },
});
if (positionals.length === 0) {
  console.error('usage: cpu-profile-summary.mjs <file.cpuprofile>... [--top 15]');
  process.exit(2);
}
const top = Number(args.top);

/** What part of the code a frame belongs to: a package, a part of this repository, Node, V8. */
function bucketOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : '(V8 builtins)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:'))
    return `node:${
      url
        .slice(5)
        .replace(/^internal\//, '')
        .split('/')[0]
    }`;
  const ours = /\/((?:apps|libs)\/[^/]+)\//.exec(url);
  return ours ? ours[1] : url;
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  const buckets = new Map();
  const functions = new Map();
  let busy = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    busy += ms;
    const bucket = bucketOf(callFrame);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
    const where = callFrame.url
      ? `${callFrame.url.replace(/^.*\/(node_modules|apps|libs)\//, '$1/')}:${callFrame.lineNumber + 1}`
      : '';
    const name = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const share = (ms) => `${((ms / busy) * 100).toFixed(1).padStart(5)} %`;
  const list = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `  ${share(ms)}  ${ms.toFixed(0).padStart(7)} ms  ${name}`)
      .join('\n');
  console.log(`${file}\n  busy ${busy.toFixed(0)} ms, idle ${idle.toFixed(0)} ms`);
  console.log(`by package or part of the repository (self time)\n${list(buckets)}`);
  console.log(`busiest functions (self time)\n${list(functions)}\n`);
}

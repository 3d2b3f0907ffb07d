// Writes docs/asyncapi.yaml from libs/contracts (run `npm run build` first: it reads the built
// library). `--check` only says whether the checked-in file is current (exit 1 when stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const root = join(import.meta.dirname, '..', '..');
const target = join(root, 'docs', 'asyncapi.yaml');
const require = createRequire(import.meta.url);
const { asyncApiYaml } = require(join(root, 'libs', 'contracts', 'dist', 'asyncapi', 'asyncapi-document.js'));

const yaml = asyncApiYaml();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== yaml) {
    console.error('docs/asyncapi.yaml is stale: run `npm run build && node tools/asyncapi/generate.mjs`');
    process.exit(1);
  }
  console.log('docs/asyncapi.yaml is current');
} else {
  writeFileSync(target, yaml);
  console.log(`wrote ${target}`);
}

// Copies the openAPIV3Schema of each served version of a CustomResourceDefinition into
// crd-schemas/<group>_<version>_<Kind>.json, without descriptions (most of a CRD's size), so the
// manifest test validates Strimzi and CloudNativePG resources offline. Run it again to update:
//   node test/workspace/k8s/vendor-crd-schemas.mjs <crd.yaml>...
// and record the source release in crd-schemas/SOURCES.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const out = join(import.meta.dirname, 'crd-schemas');

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    // Inside `properties` a key is a field name (a field may be called "description").
    if (key === 'description' && typeof value === 'string') continue;
    copy[key] = strip(value);
  }
  return copy;
}

for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const name = `${crd.spec.group}_${version.name}_${crd.spec.names.kind}.json`;
      writeFileSync(join(out, name), `${JSON.stringify(strip(version.schema.openAPIV3Schema))}\n`);
      process.stdout.write(`${name}\n`);
    }
  }
}

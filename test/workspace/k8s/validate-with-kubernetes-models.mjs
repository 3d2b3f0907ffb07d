// Validates Kubernetes objects against the API's own OpenAPI schemas, as compiled by the
// kubernetes-models package (types, required fields, enums, formats). It ships only as ES
// modules, so Jest runs this in a child process: a JSON array of objects on stdin, and on stdout
// a JSON array with, per object, the list of problems (empty when valid).
import { text } from 'node:stream/consumers';

const objects = JSON.parse(await text(process.stdin));
const results = [];
for (const object of objects) {
  const where = `${object?.kind} ${object?.metadata?.name}`;
  let Model;
  try {
    // apiVersion "apps/v1" -> kubernetes-models/apps/v1/<Kind>; the core group's "v1" -> kubernetes-models/v1/<Kind>.
    Model = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`))[object.kind];
  } catch {
    results.push([`${where}: no Kubernetes schema for ${object?.apiVersion} ${object?.kind}`]);
    continue;
  }
  try {
    new Model(object).validate();
    results.push([]);
  } catch (error) {
    results.push([`${where}: ${error.message}`]);
  }
}
process.stdout.write(JSON.stringify(results));

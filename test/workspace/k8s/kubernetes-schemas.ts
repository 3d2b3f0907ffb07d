import Ajv, { ValidateFunction } from 'ajv';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** A rendered manifest object; only apiVersion, kind and metadata.name are known for sure. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

const root = join(__dirname, '..', '..', '..');
const describe = (o: K8sObject) => `${o.kind} ${o.metadata?.name}`;

/**
 * Built-in kinds, two ways, both offline: kubernetes-models' validators (the API's OpenAPI
 * schemas: types, required fields, enums) and a TypeScript check of each object as a literal of
 * kubernetes-models' interface for its kind, whose excess-property check rejects the unknown
 * and misspelled fields that the OpenAPI schemas let through (kubectl's strict field validation).
 */
export function validateBuiltIn(objects: K8sObject[]): string[] {
  if (objects.length === 0) return [];
  const output = execFileSync(process.execPath, [join(__dirname, 'validate-with-kubernetes-models.mjs')], {
    cwd: root,
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  const schemaProblems = (JSON.parse(output) as string[][]).flat();
  return [...schemaProblems, ...unknownFieldProblems(objects)];
}

function unknownFieldProblems(objects: K8sObject[]): string[] {
  // A file beside this one, so module resolution finds node_modules; it exists only in memory.
  const fileName = join(__dirname, '__rendered-objects__.ts');
  const lines: string[] = [];
  const owner: number[] = []; // line -> object index
  objects.forEach((object, index) => {
    const module = `kubernetes-models/${object.apiVersion}/${object.kind}`;
    const text = `export const o${index}: import('${module}').I${object.kind} = ${JSON.stringify(object, null, 1)};`;
    for (const line of text.split('\n')) {
      lines.push(line);
      owner.push(index);
    }
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, language) : readSource(name, language, ...rest);
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(fileName)).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0];
    if (diagnostic.file?.fileName !== fileName || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const object = objects[owner[line]];
    return `${describe(object)}: ${lines[line].trim()} -> ${message}`;
  });
}

const crdSchemaDir = join(__dirname, 'crd-schemas');

/**
 * What the API server enforces on a structural CRD schema with strict field validation: a field
 * the schema does not list is an error, except under x-kubernetes-preserve-unknown-fields.
 * Branches of anyOf/oneOf/allOf/not only add constraints, so they are left as they are.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema) || schema === null || typeof schema !== 'object') return schema;
  const node = { ...(schema as Record<string, unknown>) };
  if (node.properties && typeof node.properties === 'object') {
    node.properties = Object.fromEntries(
      Object.entries(node.properties as Record<string, unknown>).map(([k, v]) => [k, closed(v)]),
    );
    if (node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
      node.additionalProperties = false;
    }
  }
  if (node.items) node.items = closed(node.items);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    node.additionalProperties = closed(node.additionalProperties);
  }
  return node;
}

let customValidators: Map<string, ValidateFunction> | null = null;

/** Validators for the vendored CRDs (crd-schemas/SOURCES.md), keyed "group/version Kind". */
function customResourceValidators(): Map<string, ValidateFunction> {
  if (customValidators) return customValidators;
  // OpenAPI keywords (nullable, x-kubernetes-*) and Kubernetes formats (int32, quantity...) are not JSON Schema's.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  customValidators = new Map();
  for (const file of readdirSync(crdSchemaDir).filter((f) => f.endsWith('.json'))) {
    const [group, version, kind] = file.replace(/\.json$/, '').split('_');
    const schema = JSON.parse(readFileSync(join(crdSchemaDir, file), 'utf8'));
    customValidators.set(`${group}/${version} ${kind}`, ajv.compile(closed(schema) as object));
  }
  return customValidators;
}

export const knownCustomResources = () => [...customResourceValidators().keys()];

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Strimzi and CloudNativePG resources against their operators' CRD schemas. */
export function validateCustomResources(objects: K8sObject[]): string[] {
  const validators = customResourceValidators();
  return objects.flatMap((object) => {
    const validate = validators.get(`${object.apiVersion} ${object.kind}`);
    if (!validate) return [`${describe(object)}: no schema for ${object.apiVersion} ${object.kind}`];
    const problems: string[] = [];
    const name = object.metadata?.name;
    if (typeof name !== 'string' || name.length > 253 || !dnsSubdomain.test(name)) {
      problems.push(`${describe(object)}: metadata.name must be a DNS subdomain`);
    }
    if (!validate(object)) {
      for (const error of validate.errors ?? []) {
        const extra = error.keyword === 'additionalProperties' ? ` (${error.params.additionalProperty})` : '';
        problems.push(`${describe(object)}: ${error.instancePath || '/'} ${error.message}${extra}`);
      }
    }
    return problems;
  });
}

const builtInGroups =
  /^(v1|(apps|batch|policy|autoscaling|networking\.k8s\.io|rbac\.authorization\.k8s\.io)\/v\d\w*)$/;

/** Every object against its schema: built-in kinds and the vendored custom resources. */
export function validateObjects(objects: K8sObject[]): string[] {
  const builtIn = objects.filter((o) => builtInGroups.test(o.apiVersion));
  const custom = objects.filter((o) => !builtInGroups.test(o.apiVersion));
  return [...validateBuiltIn(builtIn), ...validateCustomResources(custom)];
}

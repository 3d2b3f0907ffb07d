import Ajv, { ValidateFunction } from 'ajv';
import { loadVendored } from '../openapi/vendored-documents';

/** Jira's word for a rich-text value that is not an ADF document (a plain string, say). */
export const NOT_ADF = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';

let validate: ValidateFunction | undefined;

/**
 * Whether a value is an Atlassian Document Format document, by Atlassian's own ADF JSON schema
 * (vendored in openapi/): `{ type: "doc", version: 1, content: [...] }` with only the nodes and
 * marks ADF defines, each where ADF allows it.
 */
export function isAdfDocument(value: unknown): boolean {
  validate ??= new Ajv({ strict: false, validateSchema: false }).compile(loadVendored('adf'));
  return validate(value);
}

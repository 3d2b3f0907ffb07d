import { Content, Space } from '../state/sandbox-model';

interface BodyWrite {
  representation?: string;
  value?: unknown;
}

/** A write's `body`: `{ representation, value }` or nested under the representation's name. */
export type BodyInput = BodyWrite & { storage?: BodyWrite; atlas_doc_format?: BodyWrite; wiki?: BodyWrite };

/** What is wrong with a write's body, if anything; the sandbox keeps storage format only. */
export function bodyProblems(body: BodyInput | undefined): string[] {
  if (body === undefined) return [];
  const written = bodyWrite(body);
  if (!written) return ['body must be { representation, value } or { storage: { representation, value } }'];
  if (written.representation !== 'storage') {
    return [
      `body.representation must be 'storage' (the sandbox keeps storage format only), got '${written.representation}'`,
    ];
  }
  return typeof written.value === 'string' ? [] : ['body.value must be a string'];
}

function bodyWrite(body: BodyInput): BodyWrite | undefined {
  if (body.representation !== undefined) return body;
  const nested = (['storage', 'atlas_doc_format', 'wiki'] as const).filter((k) => body[k] !== undefined);
  return nested.length === 1 ? { representation: nested[0], ...body[nested[0]] } : undefined;
}

export function storageValue(body: BodyInput | undefined): string | undefined {
  return body ? (bodyWrite(body)?.value as string) : undefined;
}

/** Another current page of the space with this title (`except`: the page being updated). */
export function sameTitle(
  contents: Iterable<Content>,
  space: Space,
  title: string,
  except?: string,
): boolean {
  return [...contents].some(
    (c) =>
      c.kind === 'page' &&
      c.spaceId === space.id &&
      c.status === 'current' &&
      c.title === title &&
      c.id !== except,
  );
}

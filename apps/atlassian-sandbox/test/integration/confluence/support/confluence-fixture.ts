import { ZodTypeAny } from 'zod';
import { createSpace } from '../../../../src/confluence/confluence-store';
import { answerProblems } from '../../../../src/confluence/confluence-v1-schemas';
import { Space } from '../../../../src/state/sandbox-model';
import {
  call,
  expectDocumented as expectInDocument,
  JsonResponse,
  SiteFixture,
} from '../../support/site-fixture';

export { call, JsonResponse };

export const ALL_SCOPES = [
  'read:space:confluence',
  'read:page:confluence',
  'write:page:confluence',
  'delete:page:confluence',
  'write:comment:confluence',
  // REST v1's label write and CQL search (granular labels, classic search).
  'read:label:confluence',
  'write:label:confluence',
  'search:confluence',
];

/** The shared site fixture, with Confluence's scopes, spaces and gateway base. */
export class ConfluenceFixture extends SiteFixture {
  static start(): Promise<ConfluenceFixture> {
    return SiteFixture.startWith((sandbox) => new ConfluenceFixture(sandbox));
  }

  token(scopes = ALL_SCOPES, expiresInSeconds = 3600, siteIds = [this.cloudId]): string {
    return this.grantToken(scopes, expiresInSeconds, siteIds);
  }

  space(key: string, name = key): Space {
    return createSpace(this.state, { cloudId: this.cloudId, key, name, authorId: this.user.accountId });
  }

  /** The gateway base a 3LO client prefixes `_links.next` with. */
  get gatewayBase(): string {
    return `${this.sandbox.url}/ex/confluence/${this.cloudId}`;
  }
}

export function expectDocumented(method: string, template: string, res: JsonResponse): void {
  expectInDocument('confluence', method, template, res);
}

/** Checks a REST v1 answer against the sandbox's hand-written v1 schema (there is no v1 document). */
export function expectV1Shape(schema: ZodTypeAny, res: JsonResponse): void {
  expect(answerProblems(schema)(res.status, res.body)).toEqual([]);
}

import { allTopics, eventDefinitions } from '@actionhub/contracts';
import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { asyncApiYaml } from '../../libs/contracts/src/asyncapi/asyncapi-document';

// docs/asyncapi.yaml is generated from libs/contracts: it must be current and valid AsyncAPI 3.0.

const checkedIn = join(__dirname, '..', '..', 'docs', 'asyncapi.yaml');

describe('AsyncAPI document (docs/asyncapi.yaml)', () => {
  const generated = asyncApiYaml();

  it('is current: regenerating it from libs/contracts changes nothing', () => {
    const current = readFileSync(checkedIn, 'utf8');
    if (current !== generated) {
      throw new Error(
        'docs/asyncapi.yaml is stale: run `npm run build && node tools/asyncapi/generate.mjs` and commit it',
      );
    }
  });

  it('passes the AsyncAPI parser without errors', async () => {
    const { document, diagnostics } = await new Parser().parse(generated);
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('has every topic (with its dead-letter topic) and every event version', () => {
    const doc = parse(generated) as {
      channels: Record<string, { address: string }>;
      components: { messages: Record<string, { name: string; payload: unknown }> };
    };
    const addresses = Object.values(doc.channels).map((c) => c.address);
    expect(addresses.sort()).toEqual(allTopics().sort());
    for (const d of eventDefinitions) {
      expect(doc.components.messages[`${d.type}V${d.schemaVersion}`]).toMatchObject({ name: d.type });
    }
  });
});

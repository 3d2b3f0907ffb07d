import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outsidePaths } from './support/outside-paths';

// Users clone only this repository: nothing the product, its tests or its tools read may live
// beside it or on one particular machine.
const root = join(__dirname, '..', '..');
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  // The check's own examples name such paths on purpose.
  .filter((file) => file && !['package-lock.json', 'test/workspace/outside-paths.spec.ts'].includes(file))
  .filter((file) => file !== 'test/workspace/support/outside-paths.ts');

describe('paths outside the repository', () => {
  it('are named by no tracked file (source, test, script, configuration, comment or doc)', () => {
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        return []; // deleted in the working tree
      }
      if (text.includes('\0')) return []; // binary
      return outsidePaths(root, file, text).map((o) => `${file}:${o.line}: ${o.why}: ${o.text}`);
    });
    expect(offenders).toEqual([]);
  });

  describe('the check', () => {
    const check = (file: string, text: string) => outsidePaths('/repo', file, text).map((o) => o.why);

    it('finds a relative path that climbs above the root, as a string or as join segments', () => {
      expect(check('README.md', 'default `../elsewhere/reference/x.json`')).toHaveLength(1);
      expect(
        check('test/contracts/a.spec.ts', "join(__dirname, '..', '..', '..', 'elsewhere', 'API.md')"),
      ).toEqual([expect.stringContaining('climbs out')]);
      expect(check('a/b/c.ts', "import x from '../../../elsewhere';")).toHaveLength(1);
      expect(check('tools/x/y.mjs', "join(import.meta.dirname, '..', '..', '..', 'elsewhere')")).toHaveLength(
        1,
      );
    });

    it('lets a relative path that stays inside the repository pass', () => {
      expect(check('libs/m/test/integration/x.spec.ts', "from '../../../src';")).toEqual([]);
      expect(check('test/contracts/a.spec.ts', "join(__dirname, '..', '..', 'docs', 'api.md')")).toEqual([]);
      expect(check('tools/dev/start.mjs', "const root = join(import.meta.dirname, '..', '..');")).toEqual([]);
      expect(check('README.md', '`GET/PATCH/DELETE .../{profileId}`')).toEqual([]);
    });

    it("finds a machine's absolute paths, not a container image's", () => {
      expect(check('x.ts', '// see /work/elsewhere/notes.md')).toHaveLength(1);
      expect(check('x.md', 'cd /home/dev/actionhub')).toHaveLength(1);
      expect(check('x.md', 'C:\\Users\\dev')).toHaveLength(1);
      expect(check('Dockerfile', 'WORKDIR /srv\nCOPY /repo/node_modules ./node_modules')).toEqual([]);
      expect(check('compose.yml', "volumes: ['kafka-data:/var/lib/kafka/data']")).toEqual([]);
      expect(check('x.ts', "const url = 'https://example.com/work/items';")).toEqual([]);
    });
  });
});

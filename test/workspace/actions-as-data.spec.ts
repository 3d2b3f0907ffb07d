import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// An action is data (libs/providers): the services that only carry actions must not know one by
// name. (auth-profiles still has Confluence's Basic check path; see the README.)
const root = join(__dirname, '..', '..');
const sources = (app: string) =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', `apps/${app}/src`], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !f.includes('__tests__'));

describe('services that know no action by name', () => {
  it.each(['action-config', 'template-installer', 'dialogs'])(
    '%s names neither Confluence nor Jira',
    (app) => {
      const files = sources(app);
      expect(files.length).toBeGreaterThan(5);
      const naming = files.filter((f) => /confluence|jira/i.test(readFileSync(join(root, f), 'utf8')));
      expect(naming).toEqual([]);
    },
  );
});

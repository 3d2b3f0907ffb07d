import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/** A place in a file that names a path outside the repository. */
export interface OutsidePath {
  line: number;
  text: string;
  why: string;
}

// Where a machine keeps its users' and workspaces' files. Paths inside container images
// (/srv, /opt/kafka, /var/lib/postgresql) belong to the image and are fine.
const MACHINE_PATH =
  /(?<![\w.:/-])(?:\/work|\/home\/[\w.-]+|\/Users\/[\w.-]+|\/root)(?=\/|\b)|\b[A-Z]:\\\\?[\w.-]/;
// "../../x" written as one string, and join(__dirname, '..', '..', 'x') written as segments.
const CLIMB_LITERAL = /(?<![\w.])(?:\.\.\/)+[\w.@-]*/g; // not the `...` of an elided route
const CLIMB_SEGMENTS = /(?:(['"`])\.\.\1\s*,\s*)+(['"`])(?!\.\.\2)([\w.@-]+)\2/g;

/** Where `upward` (a path with leading `..` parts), read from `file`'s folder, lands outside `root`. */
function escapes(root: string, file: string, upward: string): boolean {
  const target = relative(root, join(dirname(join(root, file)), upward));
  return target === '..' || target.startsWith(`..${sep}`) || isAbsolute(target);
}

/**
 * Every line of `text` (the content of `file`, relative to the repository root) that names a path
 * outside the repository: a machine's absolute path, or a relative one climbing above the root.
 */
export function outsidePaths(root: string, file: string, text: string): OutsidePath[] {
  const found: OutsidePath[] = [];
  text.split('\n').forEach((line, index) => {
    const report = (why: string) => found.push({ line: index + 1, text: line.trim(), why });
    if (MACHINE_PATH.test(line)) report('an absolute path of a machine');
    for (const [climb] of line.matchAll(CLIMB_LITERAL)) {
      if (escapes(root, file, climb)) report(`"${climb}" climbs out of the repository`);
    }
    for (const match of line.matchAll(CLIMB_SEGMENTS)) {
      const ups = (match[0].match(/\.\./g) ?? []).length;
      const climb = `${'../'.repeat(ups)}${match[3]}`;
      if (escapes(root, file, climb)) report(`${match[0]} climbs out of the repository`);
    }
  });
  return found;
}

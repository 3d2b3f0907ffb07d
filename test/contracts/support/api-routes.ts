/**
 * The routes of docs/api.md's tables, per service: `## <service> (port N)` headings, then rows whose
 * first cell is `` `METHOD[ / METHOD...] /path?query` ``. A path starting with `...` continues
 * the row above it (`POST .../configuration/authorize`). Answers `METHOD /path` strings with
 * OpenAPI's `{param}` syntax, which docs/api.md already uses.
 */
export function apiRoutes(markdown: string): Record<string, string[]> {
  const routes: Record<string, string[]> = {};
  let service: string | null = null;
  let previous = '';
  for (const line of markdown.split('\n')) {
    const heading = /^## ([a-z-]+) \(port \d+\)/.exec(line);
    if (heading) {
      service = heading[1]!;
      routes[service] = [];
      continue;
    }
    if (line.startsWith('## ')) service = null;
    const row = /^\| `((?:[A-Z]+ \/ )*[A-Z]+) ((?:\/|\.\.\.)[^`\s?]*)[^`]*`[^|]* \|/.exec(line);
    if (!service || !row) continue;
    const methods = row[1]!.split(' / ');
    let path = row[2]!;
    if (path.startsWith('...')) {
      const suffix = path.slice(3);
      // `.../configuration/authorize` continues the configuration route above it.
      const anchor = suffix.split('/')[1]!;
      const at = previous.indexOf(`/${anchor}`);
      path = (at >= 0 ? previous.slice(0, at) : previous) + suffix;
    } else {
      previous = path;
    }
    for (const method of methods) routes[service]!.push(`${method} ${path}`);
  }
  return routes;
}

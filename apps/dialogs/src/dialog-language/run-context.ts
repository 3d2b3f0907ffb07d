import { Scope } from './placeholders';

/**
 * What a run knows besides the entities and the service nodes' answers: the connection's site
 * (the user's pick among several), for links API answers cannot give, such as an issue's
 * `<site>/browse/<key>`. Templates read it as `{{connection.site.url}}`.
 */
export const CONNECTION = 'connection';
export const CONNECTION_PATHS = ['connection.site.url', 'connection.site.name', 'connection.site.cloudId'];

export function runContext(site: { cloudId: string; url: string; name: string } | null): Scope {
  return site ? { [CONNECTION]: { site } } : {};
}

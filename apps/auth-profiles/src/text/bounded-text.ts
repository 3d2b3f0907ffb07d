/**
 * The lengths of the columns that hold provider- or user-supplied text. Text is cut to them
 * before it reaches a row or an event, so a long provider answer (an error code, a site's URL or
 * name) cannot make a write fail and leave an authorization half done.
 */
export const COLUMN_LENGTH = {
  error: 1000,
  statusReason: 1000,
  siteCloudId: 255,
  siteName: 255,
  siteUrl: 3000,
  apiBaseUrl: 3000,
} as const;

const ELLIPSIS = '…';

/** `text` cut to `max` characters (code points are not split), marked with an ellipsis when cut. */
export function bounded(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('') + ELLIPSIS;
}

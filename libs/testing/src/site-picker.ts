// What a browser does on auth-profiles' site picker (shown when a consent reaches several sites):
// read the offered sites, pick one, and submit the form beside the callback.

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The sites offered on the picker page (their ids) and the form's one-time choice token. */
export function sitePickerForm(html: string): { action: string; choice: string; sites: string[] } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const choice = /<input type="hidden" name="choice" value="([^"]*)">/.exec(html)?.[1];
  if (!action || choice === undefined) throw new Error(`no site picker on the page:\n${html.slice(0, 500)}`);
  const sites = [...html.matchAll(/<input type="radio" name="site" value="([^"]+)"/g)].map((m) =>
    unescape(m[1]),
  );
  return { action: unescape(action), choice: unescape(choice), sites };
}

/** Submits the picker that `pageUrl` answered with `html`, choosing `siteId`. */
export async function pickSite(
  pageUrl: string,
  html: string,
  siteId: string,
): Promise<{ status: number; html: string; location: string | null }> {
  const form = sitePickerForm(html);
  const response = await fetch(new URL(form.action, pageUrl), {
    method: 'POST',
    body: new URLSearchParams({ choice: form.choice, site: siteId }),
    redirect: 'manual',
  });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

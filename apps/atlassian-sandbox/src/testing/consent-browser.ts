// What a user's browser does on the sandbox's consent page: open the authorization URL as a
// given user, pick a site, press Allow or Deny, and follow the redirect back to Actionhub.

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function formOf(html: string) {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no consent form on the page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[unescape(m[1])] = unescape(m[2]);
  }
  const sites = [...html.matchAll(/<input type="radio" name="site" value="([^"]+)"/g)].map((m) =>
    unescape(m[1]),
  );
  return { action: unescape(action), fields, sites };
}

export interface ConsentChoice {
  email: string;
  decision?: 'allow' | 'deny';
  /** cloud id to pick when the user has several sites */
  site?: string;
}

/** Answers the URL the provider redirects the browser to (Actionhub's callback with code or error). */
export async function consent(authorizationUrl: string, choice: ConsentChoice): Promise<string> {
  const url = new URL(authorizationUrl);
  url.searchParams.set('login_hint', choice.email);
  const page = await fetch(url);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${html.slice(0, 300)}`);
  const form = formOf(html);
  const body = new URLSearchParams({ ...form.fields, decision: choice.decision ?? 'allow' });
  if (choice.site) body.set('site', choice.site);
  else if (form.sites.length > 0) body.set('site', form.sites[0]);
  const decision = await fetch(new URL(form.action, url), { method: 'POST', body, redirect: 'manual' });
  const location = decision.headers.get('location');
  if (decision.status !== 302 || !location) throw new Error(`consent decision answered ${decision.status}`);
  return location;
}

/** Follows the provider's redirect to Actionhub's callback like a browser, without following further. */
export async function land(
  callbackUrl: string,
): Promise<{ status: number; html: string; location: string | null }> {
  const response = await fetch(callbackUrl, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

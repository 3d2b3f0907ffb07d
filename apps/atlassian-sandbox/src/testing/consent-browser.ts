// What a user's browser does with an authorization link: open it (Actionhub's start page sets
// its binding cookie and redirects to the consent page), log in as a given user, pick a site,
// press Allow or Deny, and follow the redirect back to Actionhub's callback with its cookies.

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

export interface Landing {
  status: number;
  html: string;
  location: string | null;
}

/**
 * One browser: a cookie jar per host (like a browser, it ignores the port), sent with every
 * request and filled from every Set-Cookie. A second `new ConsentBrowser()` is a second browser.
 */
export class ConsentBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  /** The cookies this browser holds for a URL's host (tests read or tamper with them). */
  cookies(url: string): Map<string, string> {
    const host = new URL(url).hostname;
    let cookies = this.jar.get(host);
    if (!cookies) this.jar.set(host, (cookies = new Map()));
    return cookies;
  }

  /** One request, no redirect followed, cookies sent and kept. */
  async open(url: string, init: RequestInit = {}): Promise<Response> {
    const cookies = this.cookies(url);
    const headers = new Headers(init.headers);
    if (cookies.size > 0) {
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  }

  /**
   * Opens the authorization link and consents: answers the URL the provider redirects the
   * browser to (Actionhub's callback with code or error).
   */
  async consent(authorizationUrl: string, choice: ConsentChoice): Promise<string> {
    // Actionhub's link answers a redirect to the provider; a provider URL answers its page.
    const start = await this.open(authorizationUrl);
    let providerUrl = authorizationUrl;
    if (start.status === 302 || start.status === 303) {
      providerUrl = new URL(start.headers.get('location') as string, authorizationUrl).toString();
      await start.arrayBuffer();
    } else if (start.status !== 200) {
      throw new Error(`authorization link answered ${start.status}: ${(await start.text()).slice(0, 300)}`);
    } else {
      await start.arrayBuffer();
    }
    const url = new URL(providerUrl);
    url.searchParams.set('login_hint', choice.email);
    const page = await this.open(url.toString());
    const html = await page.text();
    if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${html.slice(0, 300)}`);
    const form = formOf(html);
    const body = new URLSearchParams({ ...form.fields, decision: choice.decision ?? 'allow' });
    if (choice.site) body.set('site', choice.site);
    else if (form.sites.length > 0) body.set('site', form.sites[0]);
    const decision = await this.open(new URL(form.action, url).toString(), { method: 'POST', body });
    const location = decision.headers.get('location');
    if (decision.status !== 302 || !location) throw new Error(`consent decision answered ${decision.status}`);
    return location;
  }

  /** Follows the provider's redirect to Actionhub's callback, without following further. */
  async land(callbackUrl: string, headers: Record<string, string> = {}): Promise<Landing> {
    const response = await this.open(callbackUrl, { headers });
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
    };
  }
}

/** The user's one browser, for tests that need no second one. */
export const defaultBrowser = new ConsentBrowser();

/** `defaultBrowser.consent`: open the authorization link and consent in the user's browser. */
export const consent = (authorizationUrl: string, choice: ConsentChoice): Promise<string> =>
  defaultBrowser.consent(authorizationUrl, choice);

/** `defaultBrowser.land`: follow the provider's redirect back in the same browser. */
export const land = (callbackUrl: string): Promise<Landing> => defaultBrowser.land(callbackUrl);

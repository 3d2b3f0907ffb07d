import { OAuthClient, SandboxUser, Site } from '../state/sandbox-model';

/** Everything /authorize was asked for; carried through the pages as hidden fields and re-checked on POST. */
export interface AuthorizeParams {
  audience: string;
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scope: string;
  state: string;
  prompt: string;
  /** PKCE, optional: empty when the client sends none. */
  code_challenge: string;
  code_challenge_method: string;
}

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const layout = (title: string, body: string) =>
  `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<main>
<p><small>Atlassian sandbox (stands in for auth.atlassian.com)</small></p>
${body}
</main>
</body>
</html>
`;

const hiddenFields = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');

export function errorPage(message: string): string {
  return layout(
    'Something went wrong',
    `<h1>Something went wrong</h1>\n<p id="error">${escapeHtml(message)}</p>`,
  );
}

/** No login in the sandbox: the person authorizing picks who they are (or the client sends login_hint). */
export function userPickerPage(
  action: string,
  params: AuthorizeParams,
  users: { user: SandboxUser; sites: Site[] }[],
): string {
  const choices = users
    .map(
      ({ user, sites }, i) =>
        `<p><label><input type="radio" name="login_hint" value="${escapeHtml(user.email)}" required${i === 0 && users.length === 1 ? ' checked' : ''}> ` +
        `${escapeHtml(user.displayName)} &lt;${escapeHtml(user.email)}&gt; (sites: ${escapeHtml(sites.map((s) => s.name).join(', ') || 'none')})</label></p>`,
    )
    .join('\n');
  return layout(
    'Log in to continue',
    `<h1>Choose an account</h1>
<form method="get" action="${escapeHtml(action)}">
${hiddenFields({ ...params })}
${choices || '<p>No users are registered in the sandbox (POST /admin/users).</p>'}
<button type="submit">Continue</button>
</form>`,
  );
}

/** The consent screen: which app, which scopes, on which site, Allow or Deny. */
export function consentPage(input: {
  action: string;
  params: AuthorizeParams;
  client: OAuthClient;
  user: SandboxUser;
  sites: Site[];
  siteUrl: (site: Site) => string;
}): string {
  const { client, user, sites } = input;
  const scopes = input.params.scope.split(' ').filter(Boolean);
  // With several sites the user must choose: nothing is pre-selected, never silently "the first".
  const siteChoice =
    sites.length === 1
      ? `<p>Use app on: <strong id="site">${escapeHtml(sites[0].name)}</strong> (${escapeHtml(input.siteUrl(sites[0]))})</p>
<input type="hidden" name="site" value="${escapeHtml(sites[0].cloudId)}">`
      : `<fieldset><legend>Use app on</legend>
${sites
  .map(
    (s) =>
      `<p><label><input type="radio" name="site" value="${escapeHtml(s.cloudId)}" required> ${escapeHtml(s.name)} (${escapeHtml(input.siteUrl(s))})</label></p>`,
  )
  .join('\n')}
</fieldset>`;
  return layout(
    `${client.name} is requesting access to your Atlassian account`,
    `<h1>${escapeHtml(client.name)} is requesting access to your Atlassian account</h1>
<p>Signed in as ${escapeHtml(user.displayName)} (${escapeHtml(user.email)})</p>
<form method="post" action="${escapeHtml(input.action)}">
${hiddenFields({ ...input.params, account_id: user.accountId })}
${siteChoice}
<h2>${escapeHtml(client.name)} would like to:</h2>
<ul id="scopes">
${scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('\n')}
</ul>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</form>`,
  );
}

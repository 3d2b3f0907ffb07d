const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The page the browser lands on after the provider's consent screen. */
export function resultPage(
  outcome: 'success' | 'failure',
  title: string,
  detail: string,
  code?: string,
): string {
  const codeAttribute = code ? ` data-code="${escapeHtml(code)}"` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main data-outcome="${outcome}"${codeAttribute}>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(detail)}</p>${code ? `\n<p><small>Code: <code>${escapeHtml(code)}</code></small></p>` : ''}
<p>You can close this window.</p>
</main></body></html>`;
}

/**
 * Shown when the consent reaches several sites and none was named: the user picks the one the
 * assistant should act on. The form posts to `site` beside the callback (/v1/oauth/site), so it
 * works behind any path prefix; the one-time token travels in the body, never in a URL.
 */
export function siteChoicePage(
  actionName: string,
  sites: readonly { id: string; name: string; url: string }[],
  choiceToken: string,
): string {
  const options = sites
    .map(
      (s, i) =>
        `<li><label><input type="radio" name="site" value="${escapeHtml(s.id)}"${i === 0 ? ' required' : ''}> ` +
        `${escapeHtml(s.name)} <small>${escapeHtml(s.url)}</small></label></li>`,
    )
    .join('\n');
  const title = `Choose the site for ${actionName}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main data-outcome="choose-site">
<h1>${escapeHtml(title)}</h1>
<p>You gave access to several sites. Choose the one to connect; you can connect another later.</p>
<form method="post" action="site">
<input type="hidden" name="choice" value="${escapeHtml(choiceToken)}">
<ul>
${options}
</ul>
<button type="submit">Connect</button>
</form>
</main></body></html>`;
}

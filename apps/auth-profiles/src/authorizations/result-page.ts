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

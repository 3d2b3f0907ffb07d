import { OutboundUrlPolicy, ProblemException, ProblemFieldError } from '@actionhub/service-kit';

/** 400 `url_not_allowed` naming every tenant-supplied URL that SSRF rules refuse. */
export async function assertEndpointsAllowed(
  policy: OutboundUrlPolicy,
  urls: Record<string, string | null | undefined>,
  location = 'body',
): Promise<void> {
  const errors: ProblemFieldError[] = [];
  for (const [field, url] of Object.entries(urls)) {
    if (!url) continue;
    const refusal = await policy.refusal(url);
    if (refusal) errors.push({ path: `${location}.${field}`, message: refusal });
  }
  if (errors.length > 0) {
    throw new ProblemException(
      400,
      'url_not_allowed',
      'Actionhub does not call private, loopback, link-local or metadata addresses, nor plain http.',
      errors,
    );
  }
}

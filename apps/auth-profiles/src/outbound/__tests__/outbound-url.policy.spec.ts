import { isPublicAddress, OutboundUrlPolicy } from '../outbound-url.policy';

// DNS answers are stubbed so the rule is tested on what names resolve to, not on the network.
const dns: Record<string, string[]> = {
  'auth.example.com': ['93.184.216.34'],
  'rebind.example.com': ['93.184.216.34', '10.0.0.8'],
  'metadata.example.com': ['169.254.169.254'],
  'v6.example.com': ['2606:4700::6810:84e5'],
};
const policy = new OutboundUrlPolicy(['sandbox.internal:4000'], async (host) => {
  if (!dns[host]) throw new Error('ENOTFOUND');
  return dns[host];
});

describe('OutboundUrlPolicy', () => {
  it.each([
    ['https://auth.example.com/oauth/token'],
    ['https://v6.example.com/token'],
    ['http://sandbox.internal:4000/oauth/token'],
  ])('allows %s', async (url) => {
    expect(await policy.refusal(url)).toBeNull();
  });

  it.each([
    ['http://auth.example.com/token', /https/],
    ['https://rebind.example.com/token', /private/],
    ['https://metadata.example.com/', /private/],
    ['https://unknown.example.com/', /does not resolve/],
    ['https://user:pass@auth.example.com/', /credentials/],
    ['https://sandbox.internal:4001/', /private|resolve/],
    ['not a url', /valid URL/],
  ])('refuses %s', async (url, reason) => {
    expect(await policy.refusal(url)).toMatch(reason);
  });

  it.each([
    ['127.0.0.1', false],
    ['10.0.0.1', false],
    ['172.20.1.1', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['fe80::1', false],
    ['::ffff:7f00:1', false],
    ['8.8.8.8', true],
    ['2606:4700::1', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

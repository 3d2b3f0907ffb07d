import { isPublicAddress, OutboundUrlPolicy } from '../outbound-url.policy';

// DNS answers are stubbed so the rule is tested on what names resolve to, not on the network.
const dns: Record<string, string[]> = {
  'auth.example.com': ['93.184.216.34'],
  'rebind.example.com': ['93.184.216.34', '10.0.0.8'],
  'metadata.example.com': ['169.254.169.254'],
  'v6.example.com': ['2606:4700::6810:84e5'],
  'sandbox.internal': ['10.0.0.5'],
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
    ['64:ff9b::7f00:1', false],
    ['64:ff9b::808:808', false],
    ['2002:7f00:1::1', false],
    ['::7f00:1', false],
    ['::a00:1', false],
    ['fec0::1', false],
    ['feff::1', false],
    ['8.8.8.8', true],
    ['2606:4700::1', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it("reads a URL the WHATWG way: 127.0.0.1'.evil.com is a name to resolve, not the loopback", async () => {
    const asked: string[] = [];
    const strict = new OutboundUrlPolicy([], async (host) => {
      asked.push(host);
      return ['93.184.216.34'];
    });
    const result = await strict.target("https://127.0.0.1'.evil.com/");
    expect(asked).toEqual(["127.0.0.1'.evil.com"]);
    expect(result).toMatchObject({ ok: true, target: { address: '93.184.216.34', family: 4 } });
  });

  it('answers the checked address to pin, from one DNS answer', async () => {
    let calls = 0;
    const once = new OutboundUrlPolicy([], async () => {
      calls += 1;
      return calls === 1 ? ['93.184.216.34'] : ['127.0.0.1'];
    });
    const result = await once.target('https://rebinding.example.com/token');
    expect(calls).toBe(1);
    expect(result).toMatchObject({ ok: true, target: { address: '93.184.216.34' } });
  });
});

import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

// Addresses no tenant-supplied URL may reach: private, loopback, link-local (cloud metadata
// lives at 169.254.169.254 and fd00:ec2::254), carrier-grade NAT, multicast, reserved.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
// IPv6 ranges that carry or translate an IPv4 address (NAT64, 6to4, IPv4-compatible) reach
// whatever IPv4 address they embed, private ones included: refused as a whole.
for (const [net, prefix] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['2002::', 16],
  ['fc00::', 7],
  ['fec0::', 10],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** An IPv4 address hidden in an IPv6 one (::ffff:127.0.0.1, ::ffff:7f00:1) is judged as IPv4. */
function embeddedIpv4(address: string): string | undefined {
  const mapped = /^::ffff:(.+)$/i.exec(address)?.[1];
  if (!mapped) return undefined;
  if (isIP(mapped) === 4) return mapped;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(mapped);
  if (!hex) return undefined;
  const n = (parseInt(hex[1], 16) << 16) | parseInt(hex[2], 16);
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}

export function isPublicAddress(address: string): boolean {
  const v4 = isIP(address) === 4 ? address : embeddedIpv4(address);
  if (v4) return !blocked.check(v4, 'ipv4');
  if (isIP(address) === 6) return !blocked.check(address, 'ipv6');
  return false;
}

/** The address a call goes to, checked once and then pinned for the connection. */
export interface OutboundTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export type OutboundTargetResult = { ok: true; target: OutboundTarget } | { ok: false; reason: string };

/**
 * Checks URLs that tenants give us (custom profile endpoints, Basic site URLs) before we call
 * them: https only, and every address the name resolves to must be public, unless the
 * deployment's allow-list names the host (as development does for the Atlassian sandbox).
 * The URL is read once, by the WHATWG parser; `target` also answers the address to connect to,
 * so the call cannot be sent elsewhere by a second DNS answer (rebinding).
 */
export class OutboundUrlPolicy {
  constructor(
    private readonly allowlist: readonly string[],
    private readonly resolve: Resolver = systemResolver,
  ) {}

  /** A reason to refuse the URL, or null. */
  async refusal(raw: string): Promise<string | null> {
    const result = await this.target(raw);
    return result.ok ? null : result.reason;
  }

  async target(raw: string): Promise<OutboundTargetResult> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, reason: 'is not a valid URL' };
    }
    if (url.username || url.password) return { ok: false, reason: 'must not carry credentials' };
    const allowed = this.allowlist.includes(url.host) || this.allowlist.includes(url.hostname);
    if (allowed && url.protocol !== 'https:' && url.protocol !== 'http:') {
      return { ok: false, reason: 'must be an http(s) URL' };
    }
    if (!allowed && url.protocol !== 'https:') return { ok: false, reason: 'must use https' };
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(hostname) ? [hostname] : await this.resolve(hostname);
    } catch {
      return { ok: false, reason: `host ${hostname} does not resolve` };
    }
    if (addresses.length === 0) return { ok: false, reason: `host ${hostname} does not resolve` };
    if (!allowed && !addresses.every(isPublicAddress)) {
      return {
        ok: false,
        reason: `points at a private, loopback, link-local or metadata address (${hostname}); not allowed`,
      };
    }
    const address = addresses[0];
    return { ok: true, target: { url, address, family: isIP(address) === 6 ? 6 : 4 } };
  }
}

import { isIP } from 'node:net';

/**
 * Which IP addresses a webhook may reach: public unicast only. Everything the lab's own network (or
 * its cloud host) could answer on is refused by kind, including IPv6 forms that embed an IPv4
 * address (mapped, compatible, NAT64, 6to4), so `::ffff:127.0.0.1` is loopback like `127.0.0.1`.
 */
export type AddressKind = 'loopback' | 'private' | 'link-local' | 'carrier-grade NAT' | 'unique local' | 'unspecified' | 'multicast' | 'reserved';

type Range = readonly [prefix: bigint, bits: number, kind: AddressKind];

const v4 = (dotted: string): bigint => dotted.split('.').reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);

const IPV4_REFUSED: readonly Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'carrier-grade NAT'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'],
  [v4('192.0.2.0'), 24, 'reserved'],
  [v4('192.88.99.0'), 24, 'reserved'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'],
  [v4('198.51.100.0'), 24, 'reserved'],
  [v4('203.0.113.0'), 24, 'reserved'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'],
];

const h = (hex: string): bigint => BigInt(`0x${hex}`);

const IPV6_REFUSED: readonly Range[] = [
  [0n, 128, 'unspecified'],
  [1n, 128, 'loopback'],
  [h('fc') << 120n, 7, 'unique local'],
  [h('fe80') << 112n, 10, 'link-local'],
  [h('fec0') << 112n, 10, 'reserved'],
  [h('ff') << 120n, 8, 'multicast'],
  [h('0100') << 112n, 64, 'reserved'],
  [h('20010db8') << 96n, 32, 'reserved'],
  // IETF special-purpose (Teredo, ORCHID, benchmarking): no licensee receiver lives there.
  [h('2001') << 112n, 23, 'reserved'],
];

function inRange(value: bigint, width: number, [prefix, bits]: Range): boolean {
  const shift = BigInt(width - bits);
  return value >> shift === prefix >> shift;
}

function parseIpv6(text: string): bigint {
  let s = text.split('%')[0];
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail) {
    const n = v4(tail[1]);
    s = `${s.slice(0, -tail[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function kindOfIpv4(n: bigint): AddressKind | null {
  return IPV4_REFUSED.find((r) => inRange(n, 32, r))?.[2] ?? null;
}

function kindOfIpv6(n: bigint): AddressKind | null {
  const direct = IPV6_REFUSED.find((r) => inRange(n, 128, r))?.[2];
  if (direct) return direct;
  const low32 = n & 0xffffffffn;
  if (n >> 32n === 0xffffn) return kindOfIpv4(low32); // ::ffff:a.b.c.d (mapped)
  if (n >> 32n === 0n) return 'reserved'; // ::a.b.c.d (deprecated compatible form)
  if (n >> 32n === h('0064ff9b0000000000000000')) return kindOfIpv4(low32); // 64:ff9b::/96 NAT64
  if (n >> 112n === h('2002')) return kindOfIpv4((n >> 80n) & 0xffffffffn); // 6to4
  // Only global unicast (2000::/3) is routable on the internet.
  return n >> 125n === 1n ? null : 'reserved';
}

/** Why this address may not receive webhooks, or null when it is a public unicast address. Not an IP at all: 'reserved'. */
export function refusedAddressKind(address: string): AddressKind | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  switch (isIP(bare)) {
    case 4:
      return kindOfIpv4(v4(bare));
    case 6:
      return kindOfIpv6(parseIpv6(bare));
    default:
      return 'reserved';
  }
}

// IPv4 CIDR arithmetic for rule matching. IPv6 sources never match an IPv4 host, so they are ignored.

export interface Cidr {
  base: number;
  bits: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** "10.0.1.0/24" or a bare address (a /32). */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefix] = text.split('/');
  const base = address === undefined ? undefined : parseIpv4(address);
  const bits = prefix === undefined ? 32 : Number(prefix);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  return { base: base - (base % size), bits };
}

function range(cidr: Cidr): [number, number] {
  return [cidr.base, cidr.base + 2 ** (32 - cidr.bits) - 1];
}

/** Whether `outer` holds every address of `inner`. */
export function contains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (!a || !b) return false;
  const [aStart, aEnd] = range(a);
  const [bStart, bEnd] = range(b);
  return aStart <= bStart && bEnd <= aEnd;
}

export function overlaps(first: string, second: string): boolean {
  const a = parseCidr(first);
  const b = parseCidr(second);
  if (!a || !b) return false;
  const [aStart, aEnd] = range(a);
  const [bStart, bEnd] = range(b);
  return aStart <= bEnd && bStart <= aEnd;
}

/** How much of `inner` a rule's CIDR covers: all of it, part of it, or none. */
export function coverage(ruleCidr: string, inner: string): 'all' | 'some' | 'none' {
  if (contains(ruleCidr, inner)) return 'all';
  return overlaps(ruleCidr, inner) ? 'some' : 'none';
}

/** An IPv4 CIDR block parsed into numbers, so that containment and allocation are plain arithmetic. */
export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** The prefix length, 0 to 32. */
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`. Returns `undefined` for anything malformed, including host bits set
 * (`10.0.0.1/16`), because AWS rejects such blocks and a silent normalisation would hide a typo.
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefixLength > 32) return undefined;
  if (octets.some((octet, i) => String(octet) !== match[i + 1])) return undefined; // no leading zeros
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if ((address & ~prefixMask(prefixLength)) >>> 0 !== 0) return undefined;
  return { network: address, prefixLength };
}

/** Formats a parsed block back to `a.b.c.d/n`. */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  const a = cidr.network;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${cidr.prefixLength}`;
}

/** The number of addresses in a block. */
export function cidrSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

function prefixMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
}

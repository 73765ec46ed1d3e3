// Whether a host may be sent a request on a subscriber's behalf: only public addresses. The ranges
// are IANA's special-purpose registries (RFC 6890 and its successors) that are not globally
// reachable, plus names that only mean something inside a network.

type Range = [prefix: bigint, bits: number, width: 32 | 128, reason: string];

const v4 = (address: string): bigint =>
  address.split(".").reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);

const V4_RANGES: Range[] = (
  [
    ["0.0.0.0", 8, "a 'this network' address"],
    ["10.0.0.0", 8, "a private address"],
    ["100.64.0.0", 10, "a shared (carrier-grade NAT) address"],
    ["127.0.0.0", 8, "a loopback address"],
    ["169.254.0.0", 16, "a link-local address (cloud metadata lives here)"],
    ["172.16.0.0", 12, "a private address"],
    ["192.0.0.0", 24, "an IETF protocol address"],
    ["192.0.2.0", 24, "a documentation address"],
    ["192.88.99.0", 24, "a 6to4 relay address"],
    ["192.168.0.0", 16, "a private address"],
    ["198.18.0.0", 15, "a benchmarking address"],
    ["198.51.100.0", 24, "a documentation address"],
    ["203.0.113.0", 24, "a documentation address"],
    ["224.0.0.0", 4, "a multicast address"],
    ["240.0.0.0", 4, "a reserved address"],
  ] as const
).map(([address, bits, reason]) => [v4(address), bits, 32, reason]);

/** 8 groups of an IPv6 address (`::` expanded, an embedded IPv4 tail converted), or null. */
export function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const value = Number(v4(tail[1]));
    text = `${text.slice(0, -tail[1].length)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const groups =
    rest === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  if (groups.length !== 8 || groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => Number.parseInt(group, 16));
}

const v6 = (address: string) =>
  (ipv6Groups(address) ?? []).reduce((value, group) => (value << 16n) | BigInt(group), 0n);

const V6_RANGES: Range[] = (
  [
    ["::", 128, "the unspecified address"],
    ["::1", 128, "a loopback address"],
    ["64:ff9b:1::", 48, "a local NAT64 address"],
    ["100::", 64, "a discard-only address"],
    ["2001::", 23, "an IETF protocol address"],
    ["2001:db8::", 32, "a documentation address"],
    ["fc00::", 7, "a unique local (private) address"],
    ["fe80::", 10, "a link-local address"],
    ["ff00::", 8, "a multicast address"],
  ] as const
).map(([address, bits, reason]) => [v6(address), bits, 128, reason]);

const inRange = (value: bigint, [prefix, bits, width]: Range) =>
  value >> BigInt(width - bits) === prefix >> BigInt(width - bits);

function v4Reason(address: string): string | null {
  const value = v4(address);
  return V4_RANGES.find((range) => inRange(value, range))?.[3] ?? null;
}

/** Names that resolve only inside a network (RFC 6761, 6762, 8375, and cloud metadata names). */
const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|localdomain)$/;

/**
 * Why `host` (a URL's hostname: a name, an IPv4 address, or an IPv6 address in brackets) is not a
 * public destination, or null when it may be. A name is judged by its form only; resolve it and
 * judge each address too (`blockedAddressReason`).
 */
export function blockedHostReason(host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, "");
  if (name.startsWith("[") && name.endsWith("]")) return blockedAddressReason(name.slice(1, -1));
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return blockedAddressReason(name);
  if (name === "localhost" || name.endsWith(".localhost")) return "a loopback address";
  if (!name.includes(".")) return "a name without a domain (it only means something inside a network)";
  if (INTERNAL_NAMES.test(name)) return "a name for inside a network";
  return null;
}

/** Why an IP address (v4 dotted, or v6 without brackets) is not public, or null. */
export function blockedAddressReason(address: string): string | null {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return v4Reason(address);
  const groups = ipv6Groups(address);
  if (!groups) return "not an IP address";
  // IPv4 carried in IPv6 (mapped ::ffff:a.b.c.d, translated 64:ff9b::a.b.c.d): judged as the IPv4.
  const embedsV4 =
    (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) ||
    (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0));
  if (embedsV4) {
    const [high = 0, low = 0] = groups.slice(6);
    return v4Reason(`${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`);
  }
  const value = groups.reduce((sum, group) => (sum << 16n) | BigInt(group), 0n);
  return V6_RANGES.find((range) => inRange(value, range))?.[3] ?? null;
}

import { blockedAddressReason, blockedHostReason } from "../../shared/public-address";

// Workers have no DNS resolver of their own, so a webhook's host is resolved over DNS-over-HTTPS
// (the JSON form Cloudflare's and Google's resolvers answer) before each delivery, and refused when
// any of its addresses is not public. What this cannot rule out: a name that answers a public
// address here and a private one to the request that follows (DNS rebinding). Cloudflare's own
// network does not route a Worker's fetch to private addresses, which covers that case in
// production; the check is what keeps the rule the same everywhere else.

export const DEFAULT_RESOLVER_URL = "https://cloudflare-dns.com/dns-query";

const RECORD_TYPES = { A: 1, AAAA: 28 } as const;

interface DnsJsonAnswer {
  Status: number;
  Answer?: { name: string; type: number; data: string }[];
}

export type Resolution = { ok: true; addresses: string[] } | { ok: false; fatal: boolean; reason: string };

export async function hostResolvesPublicly(
  fetch: typeof globalThis.fetch,
  resolverUrl: string,
  host: string,
): Promise<Resolution> {
  const literal = blockedHostReason(host);
  if (literal) return { ok: false, fatal: true, reason: `the host is ${literal}` };
  if (host.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return { ok: true, addresses: [host] };
  const addresses: string[] = [];
  for (const [type, code] of Object.entries(RECORD_TYPES)) {
    let answer: DnsJsonAnswer;
    try {
      const response = await fetch(`${resolverUrl}?name=${encodeURIComponent(host)}&type=${type}`, {
        headers: { Accept: "application/dns-json" },
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) return { ok: false, fatal: false, reason: `the resolver answered HTTP ${response.status}` };
      answer = (await response.json()) as DnsJsonAnswer;
    } catch (error) {
      return {
        ok: false,
        fatal: false,
        reason: `could not resolve ${host}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    // 3 is NXDOMAIN: the name does not exist (it may again later: not fatal). Others are failures.
    if (answer.Status === 3) return { ok: false, fatal: false, reason: `${host} does not resolve (NXDOMAIN)` };
    if (answer.Status !== 0)
      return { ok: false, fatal: false, reason: `resolving ${host} failed (DNS status ${answer.Status})` };
    for (const record of answer.Answer ?? []) if (record.type === code) addresses.push(record.data);
  }
  if (addresses.length === 0) return { ok: false, fatal: false, reason: `${host} has no address` };
  for (const address of addresses) {
    const blocked = blockedAddressReason(address);
    if (blocked) return { ok: false, fatal: true, reason: `${host} resolves to ${address}, ${blocked}` };
  }
  return { ok: true, addresses };
}

import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";

// Cloudflare Access in front of /admin (docs/design.md §18): Access signs every request it lets
// through with a JWT in `Cf-Access-Jwt-Assertion`, RS256, issued by the team's domain for the
// application's audience tag, with keys published at <team>/cdn-cgi/access/certs (rotated every six
// weeks, so they are fetched and cached, never pinned). An operator signed in through Access is
// named by the token's email; a service token by its common name.

export interface AccessConfig {
  /** `https://<team>.cloudflareaccess.com`: the issuer. */
  issuer: string;
  /** The Access application's audience tag. */
  audience: string;
  /** Where the signing keys are; the team's certs endpoint unless overridden (tests). */
  certsUrl: string;
}

/** Access is configured when both the team domain and the audience tag are set; else null. */
export function accessConfig(env: {
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  ACCESS_CERTS_URL?: string;
}): AccessConfig | null {
  const team = env.ACCESS_TEAM_DOMAIN?.trim().replace(/\/+$/, "");
  const audience = env.ACCESS_AUD?.trim();
  if (!team || !audience) return null;
  const issuer = team.startsWith("https://") ? team : `https://${team}`;
  return { issuer, audience, certsUrl: env.ACCESS_CERTS_URL || `${issuer}/cdn-cgi/access/certs` };
}

// One key set per certs URL and isolate: jose refetches it when a token names a key it does not
// know (a rotation), at most every 30 s, and otherwise keeps it for 10 minutes.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function keySet(url: string) {
  let set = keySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { cacheMaxAge: 600_000, cooldownDuration: 30_000, timeoutDuration: 5_000 });
    keySets.set(url, set);
  }
  return set;
}

export type AccessVerdict = { ok: true; identity: string } | { ok: false; reason: string };

/** Checks an Access JWT: signature by the team's keys, issuer, audience, expiry. */
export async function verifyAccessJwt(token: string, config: AccessConfig): Promise<AccessVerdict> {
  try {
    const { payload } = await jwtVerify(token, keySet(config.certsUrl), {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ["RS256"],
    });
    const identity = identityOf(payload);
    return identity ? { ok: true, identity } : { ok: false, reason: "the Access token names nobody" };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

function identityOf(payload: JWTPayload): string | null {
  const { email, common_name: commonName } = payload as JWTPayload & { email?: unknown; common_name?: unknown };
  if (typeof email === "string" && email) return email;
  if (typeof commonName === "string" && commonName) return `service-token:${commonName}`;
  return null;
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "the Access token has expired";
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the Access token's ${error.claim} is not this application's`;
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed)
    return "the Access token is not signed by the team's keys";
  // Not jose's own verdict on the token (a fetch that failed, a certs answer that was not a key set).
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError)
  )
    return "the team's Access keys could not be fetched";
  return "the Access token is not valid";
}

import { env } from "cloudflare:workers";
import { generateKeyPair, importJWK, type JWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { ACCESS_TEST } from "../../auth/fixtures/access-test";
import signingKey from "../../auth/fixtures/access-test-signing-key.json";
import { ADMIN_TOKEN, adminBindings, adminCall, auditOf } from "./testing";

// The two ways into /admin (docs/design.md §18): the admin token, and a Cloudflare Access JWT checked
// against the team's keys, which the Worker fetches from the certs endpoint (here the fixture server).

const ISSUER = `https://${ACCESS_TEST.teamDomain}`;

async function accessJwt(
  claims: Record<string, unknown>,
  {
    audience = ACCESS_TEST.audience,
    issuer = ISSUER,
    expiresIn = "5m",
    key,
  }: {
    audience?: string;
    issuer?: string;
    expiresIn?: string | number;
    key?: CryptoKey;
  } = {},
) {
  const jwk = signingKey.jwk as JWK;
  const privateKey = key ?? ((await importJWK(jwk, "RS256")) as CryptoKey);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid! })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(privateKey);
}

const withAccess = (jwt: string) => ({ token: null, headers: { "Cf-Access-Jwt-Assertion": jwt } });
const refusal = async (response: Response) => {
  expect(response.status).toBe(401);
  const body = (await response.json()) as { code: string; message: string };
  expect(body.code).toBe("UNAUTHORIZED");
  return body.message;
};

describe("admin auth", () => {
  it("refuses a request without credentials, or with a wrong token, and lets the right token in", async () => {
    expect(await refusal(await adminCall("GET", "/audit", { token: null }))).toMatch(
      /Cloudflare Access, or send the admin token/,
    );
    await refusal(await adminCall("GET", "/audit", { token: `${ADMIN_TOKEN}x` }));
    await refusal(await adminCall("GET", "/audit", { token: "" }));
    const right = await adminCall("GET", "/audit");
    expect(right.status).toBe(200);
    expect(right.headers.get("cache-control")).toBe("no-store");
  });

  it("is switched off, not open, when neither the token nor Access is configured", async () => {
    const bare = { ...env, ADMIN_TOKEN: undefined, ACCESS_TEAM_DOMAIN: undefined, ACCESS_AUD: undefined } as Env;
    const response = await adminCall("GET", "/audit", { bindings: bare });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { code: string }).code).toBe("SERVICE_UNAVAILABLE");
  });

  it("lets a valid Access JWT in and audits its changes under the signed-in email", async () => {
    const jwt = await accessJwt({ email: "ops@cloudgpus.example", sub: "7335d417-61da-459d-899c-0a01c76a2f94" });
    const created = await adminCall("POST", "/api-keys", { ...withAccess(jwt), body: { name: "via Access" } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await auditOf("api-key", id)).toEqual([
      expect.objectContaining({ actor: "ops@cloudgpus.example", action: "api-key.create" }),
    ]);
  });

  it("names a service token by its common name", async () => {
    const jwt = await accessJwt({ common_name: "a1b2c3.access", sub: "" });
    const created = await adminCall("POST", "/api-keys", { ...withAccess(jwt), body: { name: "via a service token" } });
    const { id } = (await created.json()) as { id: string };
    expect((await auditOf("api-key", id))[0]?.actor).toBe("service-token:a1b2c3.access");
  });

  it("refuses an expired JWT, another application's, another team's, and one signed by another key", async () => {
    const email = { email: "ops@cloudgpus.example" };
    const expired = await accessJwt(email, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect(await refusal(await adminCall("GET", "/audit", withAccess(expired)))).toMatch(/expired/);
    const otherApp = await accessJwt(email, { audience: "0".repeat(64) });
    expect(await refusal(await adminCall("GET", "/audit", withAccess(otherApp)))).toMatch(/aud/);
    const otherTeam = await accessJwt(email, { issuer: "https://someone-else.cloudflareaccess.com" });
    expect(await refusal(await adminCall("GET", "/audit", withAccess(otherTeam)))).toMatch(/iss/);
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await accessJwt(email, { key: privateKey });
    expect(await refusal(await adminCall("GET", "/audit", withAccess(forged)))).toMatch(
      /not signed by the team's keys/,
    );
    expect(await refusal(await adminCall("GET", "/audit", withAccess("not.a.jwt")))).toMatch(/not valid/);
  });

  it("still takes the admin token when Access is configured", async () => {
    expect(adminBindings.ACCESS_AUD).toBe(ACCESS_TEST.audience);
    expect((await adminCall("GET", "/audit")).status).toBe(200);
  });
});

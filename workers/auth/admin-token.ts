const sha256 = (value: string) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));

/**
 * Compares a presented token with the configured one in constant time. Both sides are hashed
 * first, so the comparison takes as long whatever the tokens' lengths, and `timingSafeEqual`
 * never sees buffers of different sizes (it would throw).
 */
export async function tokensEqual(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(presented), sha256(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}

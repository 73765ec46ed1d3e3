// Bearer secrets we hand out (API keys, alert management and confirmation tokens): 256 random
// bits, base64url, behind a prefix that says what the token is for. Only their SHA-256 is stored;
// plain SHA-256 is enough for secrets nobody can guess, where a slow password hash would only
// make every request that presents one slower.

const TOKEN_BYTES = 32;

export function randomToken(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
  return (
    prefix +
    btoa(String.fromCharCode(...bytes))
      .replaceAll("+", "-")
      .replaceAll("/", "_")
      .replace(/=+$/, "")
  );
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

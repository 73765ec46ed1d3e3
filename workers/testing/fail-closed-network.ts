// Tests never touch the internet: any fetch or WebSocket from the Worker to a host other than
// loopback (where the test database proxy and fixture servers listen) fails loudly. Provider
// adapters get recorded responses through an injected replay fetch instead.
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function assertLoopback(target: string | URL): void {
  const url = new URL(String(target));
  if (!LOOPBACK.has(url.hostname)) {
    throw new Error(`Outbound network access is blocked in tests: ${url.href}. Use a recorded fixture.`);
  }
}

const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  assertLoopback(input instanceof Request ? input.url : input);
  return realFetch(input, init);
};

const RealWebSocket = globalThis.WebSocket;
globalThis.WebSocket = class extends RealWebSocket {
  constructor(url: string, protocols?: string | string[]) {
    assertLoopback(url);
    super(url, protocols);
  }
};

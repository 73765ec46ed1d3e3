import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * Two databases that hang, for the tests that bound how long a hung database may delay an answer
 * (workers/db/deadline.ts). `atConnect` accepts the TCP connection and never says a word.
 * `atQuery` is the real test PostgreSQL until the client has logged in: it relays the startup and
 * authentication, then swallows the first query and every byte after it, as a database does when
 * it is overloaded or its statements wait on a lock. Both keep the socket open: nothing fails, it
 * only never answers.
 */
export async function startStallingDatabases(databaseUrl: string): Promise<{
  atConnect: string;
  atQuery: string;
  close(): Promise<void>;
}> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const silent = createServer(track);
  const relayUntilQuery = createServer((client) => {
    track(client);
    const server = connect(Number(target.port), target.hostname);
    track(server);
    server.on("data", (chunk) => client.write(chunk));
    server.on("close", () => client.destroy());
    client.on("close", () => server.destroy());
    const reader = untilFirstQuery();
    client.on("data", (chunk: Buffer) => {
      const relayed = reader(chunk);
      if (relayed.length) server.write(relayed);
    });
  });
  const urlOf = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = new URL(databaseUrl);
    url.port = String((server.address() as { port: number }).port);
    return url.href;
  };
  const [atConnect, atQuery] = [await urlOf(silent), await urlOf(relayUntilQuery)];
  return {
    atConnect,
    atQuery,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        [silent, relayUntilQuery].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
    },
  };
}

/**
 * Reads the client's side of the PostgreSQL protocol and returns, for each chunk, the bytes to pass
 * on: all of them up to the first simple ('Q') or extended ('P') query message, none from there.
 * The first message (startup, or an SSL request) has no type byte; every later one has a type byte
 * and a length that counts itself.
 */
function untilFirstQuery(): (chunk: Buffer) => Buffer {
  let pending = Buffer.alloc(0);
  let sawStartup = false;
  let stalled = false;
  return (chunk) => {
    if (stalled) return Buffer.alloc(0);
    pending = Buffer.concat([pending, chunk]);
    const relayed: Buffer[] = [];
    for (;;) {
      const header = sawStartup ? 5 : 4;
      if (pending.length < header) break;
      if (sawStartup && (pending[0] === 0x51 || pending[0] === 0x50)) {
        stalled = true;
        break;
      }
      const length = sawStartup ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
      if (pending.length < length) break;
      relayed.push(pending.subarray(0, length));
      pending = pending.subarray(length);
      // An SSL request (code 80877103) is answered 'N' by the server and followed by the real startup.
      const sslRequest = !sawStartup && length === 8 && relayed.at(-1)?.readInt32BE(4) === 80877103;
      if (!sawStartup && !sslRequest) sawStartup = true;
    }
    return Buffer.concat(relayed);
  };
}

import { createServer, type Server, Socket } from "node:net";

/**
 * pass: bytes flow both ways. refuse: nothing listens (connections get ECONNREFUSED) and open
 * connections are cut. hang: connections are accepted and kept, but no byte crosses in either
 * direction until the mode is `pass` again, which is what a stalled network or a frozen server does.
 */
export type DatabaseMode = "pass" | "refuse" | "hang";

export interface DatabaseProxy {
  port: number;
  mode(): DatabaseMode;
  set(mode: DatabaseMode): Promise<void>;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  server: Socket;
  /** What one side sent while the link was hung, delivered in order once it passes again. */
  held: { to: Socket; chunk: Buffer }[];
}

/** A TCP proxy between Hyperdrive and PostgreSQL on 127.0.0.1 that the bench switches between modes. */
export async function startDatabaseProxy(port: number, targetPort: number): Promise<DatabaseProxy> {
  let mode: DatabaseMode = "pass";
  const links = new Set<Link>();
  let server: Server | null = null;

  const forward = (link: Link, to: Socket) => (chunk: Buffer) => {
    if (mode === "hang" || link.held.length) link.held.push({ to, chunk });
    else to.write(chunk);
  };
  const accept = (client: Socket) => {
    const upstream = new Socket();
    const link: Link = { client, server: upstream, held: [] };
    links.add(link);
    const drop = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", forward(link, upstream));
    upstream.on("data", forward(link, client));
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    upstream.connect(targetPort, "127.0.0.1");
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(accept);
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  const unlisten = () =>
    new Promise<void>((resolve) => {
      const closing = server;
      server = null;
      if (!closing) return resolve();
      closing.close(() => resolve());
      for (const link of links) {
        link.client.destroy();
        link.server.destroy();
      }
    });

  await listen();
  return {
    port,
    mode: () => mode,
    async set(next) {
      if (next === mode) return;
      const previous = mode;
      mode = next;
      if (next === "refuse") return unlisten();
      if (previous === "refuse") await listen();
      if (next === "pass") for (const link of links) for (const { to, chunk } of link.held.splice(0)) to.write(chunk);
    },
    close: unlisten,
  };
}

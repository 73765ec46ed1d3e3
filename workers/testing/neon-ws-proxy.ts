import { connect } from "node:net";
import { WebSocketServer } from "ws";

/**
 * A WebSocket→TCP bridge like the one Neon runs in front of its databases, so the
 * `@neondatabase/serverless` driver can be tested against a plain local PostgreSQL. The driver
 * asks for `ws://<proxy>?address=<host>:<port>`; every binary frame is piped to that TCP address.
 */
export async function startNeonWsProxy(): Promise<{ address: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  server.on("connection", (socket, request) => {
    const target = new URL(request.url ?? "/", "ws://proxy").searchParams.get("address") ?? "";
    const [host, port] = target.split(":");
    // Only loopback targets: this is a test fixture, not an open relay.
    if (host !== "127.0.0.1" && host !== "localhost") return socket.close(1008, "loopback only");
    const tcp = connect(Number(port), host);
    tcp.on("data", (chunk) => socket.send(chunk));
    tcp.on("close", () => socket.close());
    tcp.on("error", () => socket.close());
    socket.on("message", (data) => tcp.write(data as Buffer));
    socket.on("close", () => tcp.destroy());
  });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}/v2`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

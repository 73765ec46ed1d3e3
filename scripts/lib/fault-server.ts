import { createServer, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** How the stand-in provider answers one request. */
export type ProviderAnswer =
  | { kind: "json"; body: unknown; delayMs?: number }
  | { kind: "status"; status: number; headers?: Record<string, string>; body: string }
  | { kind: "truncated"; body: unknown }
  | { kind: "hang" };

export interface FaultServer {
  url: string;
  /** The answers for the next requests, in order; once they are used up, every request gets `fallback`. */
  queue(...answers: ProviderAnswer[]): void;
  fallback(answer: ProviderAnswer): void;
  /** Requests answered (or held) so far. */
  requests(): number;
  /** Called as each request arrives, before it is answered (the bench cuts the database there). */
  onRequest(listener: (() => void | Promise<void>) | null): void;
  close(): Promise<void>;
}

const HTML_ERROR_PAGE =
  "<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>Something went wrong</h1><p>Please try again later.</p></body></html>";

/** The error page a CDN in front of an API sends, with a 200 status. */
export const htmlErrorPage = (): ProviderAnswer => ({
  kind: "status",
  status: 200,
  headers: { "Content-Type": "text/html; charset=utf-8" },
  body: HTML_ERROR_PAGE,
});

/** A stand-in provider on 127.0.0.1: whatever the bench queued, then the fallback (the recorded answer). */
export async function startFaultServer(port: number, fallbackAnswer: ProviderAnswer): Promise<FaultServer> {
  const planned: ProviderAnswer[] = [];
  let fallback = fallbackAnswer;
  let count = 0;
  let listener: (() => void | Promise<void>) | null = null;
  const sockets = new Set<Socket>();

  const answer = async (response: ServerResponse, planned: ProviderAnswer) => {
    switch (planned.kind) {
      case "hang":
        return; // held open until the caller gives up, or the server closes
      case "json": {
        if (planned.delayMs) await new Promise((resolve) => setTimeout(resolve, planned.delayMs));
        response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(planned.body));
        return;
      }
      case "truncated": {
        const text = JSON.stringify(planned.body);
        response.writeHead(200, { "Content-Type": "application/json" }).end(text.slice(0, Math.floor(text.length / 2)));
        return;
      }
      case "status":
        response.writeHead(planned.status, planned.headers ?? { "Content-Type": "text/plain" }).end(planned.body);
        return;
    }
  };

  const server = createServer((request, response) => {
    request.resume();
    request.on("end", async () => {
      count += 1;
      const next = planned.shift() ?? fallback;
      await listener?.();
      await answer(response, next);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  return {
    url: `http://127.0.0.1:${port}`,
    queue: (...answers) => void planned.push(...answers),
    fallback(answer) {
      fallback = answer;
    },
    requests: () => count,
    onRequest(next) {
      listener = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

import { createServer, request, type Server } from "node:http";

/**
 * A loopback HTTP proxy in front of the emulator that counts the requests it forwards, so a
 * test can prove a cached check made no network call, or that a job was cancelled.
 */
export async function startCountingProxy(
  target: string,
): Promise<{ apiEndpoint: string; count(): number; requests(): string[]; close(): Promise<void> }> {
  const upstream = new URL(target);
  const seen: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    seen.push(`${incoming.method} ${incoming.url}`);
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on("error", () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no port");
  return {
    apiEndpoint: `http://127.0.0.1:${address.port}`,
    count: () => seen.length,
    /** `METHOD /path?query` of each request, in arrival order. */
    requests: () => [...seen],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

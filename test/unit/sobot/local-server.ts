import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Agent } from 'undici';
import { fetchThrough } from './mock-sobot.ts';

/**
 * A real HTTP server on 127.0.0.1 for what undici's MockAgent cannot show: chunked bodies, a declared
 * content-length, a request that never gets an answer. Comes with its own dispatcher (and a fetch
 * through it), so no test shares sockets with another.
 */
export async function startLocalServer(handle: (request: IncomingMessage, response: ServerResponse) => void) {
  const sockets = new Set<Socket>();
  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dispatcher = new Agent();
  return {
    url: `http://127.0.0.1:${port}`,
    fetch: fetchThrough(dispatcher),
    async close() {
      await dispatcher.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

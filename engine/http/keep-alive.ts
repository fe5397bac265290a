// Idle keep-alive connections stay open longer than Node's 5 s default. A client (a reverse proxy's upstream pool,
// undici in fetch) that reuses a connection just as the server times it out gets ECONNRESET, or a proxy answers 502;
// on a busy machine timers fire late and that race is common. 65 s outlasts the usual proxy and client pools.
import type { Server } from 'node:http';

const KEEP_ALIVE_MS = 65_000;

export function keepConnectionsAlive(server: Server): Server {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must exceed keepAliveTimeout, or a slow request's headers are cut by the other timer first.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return server;
}

/**
 * A real HTTP server on 127.0.0.1 (port 0) for tests that play a remote API:
 * subclasses implement `handle`; `base` is the URL once started.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export abstract class LocalHttpServer {
  private server: Server | null = null;
  base = '';

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  stop(): Promise<void> {
    const server = this.server;
    return server ? new Promise((r) => server.close(() => r())) : Promise.resolve();
  }
}

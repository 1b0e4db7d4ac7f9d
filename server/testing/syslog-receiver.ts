/** A syslog collector for tests on a fixed port: newline-framed messages over TCP; can stop and listen again. */
import net from 'node:net';

export class SyslogReceiver {
  lines: string[] = [];
  private server: net.Server | undefined;
  private sockets = new Set<net.Socket>();
  constructor(readonly port: number) {}

  async listen(): Promise<void> {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      let buffered = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        buffered += chunk;
        const parts = buffered.split('\n');
        buffered = parts.pop()!;
        this.lines.push(...parts);
      });
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  about(resource: string): string[] {
    return this.lines.filter((l) => l.includes(`resource="${resource}"`));
  }
}

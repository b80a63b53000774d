/**
 * Engines run as servers on loopback for the length of one suite: free ports, start, wait, stop.
 * Every server a suite starts goes through one `Servers`, whose `stopAll` ends them all (SIGTERM,
 * then SIGKILL) and whose `logTails` says what each printed when a wait times out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { enginePath, type Engine } from './toolchain';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class Servers {
  private readonly children: ChildProcess[] = [];
  private readonly logs: Record<string, string> = {};

  /** Starts a toolchain engine (or any binary given by path) and keeps the last 4 kB it printed. */
  start(name: string, engine: Engine | { path: string }, args: string[], env: Record<string, string> = {}): ChildProcess {
    const binary = typeof engine === 'string' ? enginePath(engine) : engine.path;
    this.logs[name] = '';
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    child.on('error', (error) => (this.logs[name] += `\n${binary} could not start: ${error.message}`));
    const keep = (chunk: Buffer) => (this.logs[name] = (this.logs[name] + chunk.toString()).slice(-4000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.children.push(child);
    return child;
  }

  logTails(): string {
    return Object.entries(this.logs).map(([name, log]) => `${name} log:\n${log}`).join('\n');
  }

  /** Polls until `check` returns a value other than undefined; fails after the deadline with what it last saw. */
  async waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 250): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})\n${this.logTails()}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  /** Ends every server this suite started: SIGTERM, and SIGKILL for any still running after 5 s. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}

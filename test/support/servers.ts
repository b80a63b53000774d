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
  private readonly children: { name: string; child: ChildProcess }[] = [];
  private readonly logs: Record<string, string> = {};

  constructor() {
    // A worker that dies mid-suite must not leave servers holding ports for the next run.
    process.on('exit', () => {
      for (const { child } of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  }

  /** Starts a toolchain engine (or any binary given by path) and keeps the last 4 kB it printed. */
  start(name: string, engine: Engine | { path: string }, args: string[], env: Record<string, string> = {}): ChildProcess {
    const binary = typeof engine === 'string' ? enginePath(engine) : engine.path;
    this.logs[name] = '';
    // Go's collector at 200 rather than 100: the engines are short-lived here, memory is not the limit, CPU is.
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { GOGC: '200', ...process.env, ...env } });
    child.on('error', (error) => (this.logs[name] += `\n${binary} could not start: ${error.message}`));
    const keep = (chunk: Buffer) => (this.logs[name] = (this.logs[name] + chunk.toString()).slice(-4000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.children.push({ name, child });
    return child;
  }

  /** Names of the servers still running. */
  running(): string[] {
    return this.children.filter(({ child }) => child.exitCode === null && child.signalCode === null).map(({ name }) => name);
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

  /** Ends every server this suite started: SIGTERM, and SIGKILL for any still running after `graceMs`. */
  async stopAll(graceMs = 5000): Promise<void> {
    await Promise.all(
      this.children.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
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

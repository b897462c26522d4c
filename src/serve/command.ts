// What the command line needs to register `imr-check serve`. Kept apart from server.ts so that the
// other commands do not pay for loading hono and the page at start-up: the server is imported only
// when `serve` runs.
import { InvalidArgumentError } from 'commander';
import type { RulePack } from '../load/rules.js';

export { DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';

export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535 (0: any free port)');
  return Number(value);
}

export async function serveCommand(
  pack: RulePack,
  opts: { port: number; host: string; today?: string },
  io: { err: (s: string) => void },
): Promise<number> {
  const { runServer } = await import('./server.js');
  return runServer(pack, opts, io);
}

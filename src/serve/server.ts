// `imr-check serve`: the hono app on node:http, loopback by default, stopped cleanly on SIGINT or
// SIGTERM (no new connections, evaluations in progress finish, then the process exits).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { RulePack } from '../load/rules.js';
import { type ServeApp, createApp } from './app.js';

import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export type RunningServer = {
  url: string;
  port: number;
  server: Server;
  serveApp: ServeApp;
  close: (graceMs?: number) => Promise<void>;
};

export type StartOptions = {
  pack: RulePack;
  port?: number;
  host?: string;
  today?: string;
  log?: (line: string) => void;
  logError?: (line: string) => void;
  // requests in progress at once before the server answers 503 (64)
  maxPending?: number;
};

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const loopback = LOOPBACK.has(host);
  const serveApp = createApp({
    pack: opts.pack,
    today: opts.today,
    log: opts.log,
    logError: opts.logError,
    maxPending: opts.maxPending,
    allowedHosts: loopback ? ['localhost', '127.0.0.1', '[::1]'] : undefined,
  });
  // overrideGlobalObjects: false leaves the process's global Request and Response alone (the server
  // also runs inside test processes)
  const server = createAdaptorServer({ fetch: serveApp.app.fetch, overrideGlobalObjects: false }) as Server;
  // a slow or stalled client cannot hold a connection for long
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host.replace(/^\[(.*)\]$/, '$1'), () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  const close = (graceMs = 5_000) => {
    closing ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      // idle keep-alive connections would hold close() open; busy ones finish their response first
      server.closeIdleConnections();
    }).then(() => serveApp.queue.idle());
    return closing;
  };
  return { url: `http://${shown}:${address.port}/`, port: address.port, server, serveApp, close };
}

// runs until SIGINT or SIGTERM; 0 when stopped, 2 when it cannot listen
export async function runServer(
  pack: RulePack,
  opts: { port: number; host: string; today?: string },
  io: { err: (s: string) => void },
): Promise<number> {
  let running: RunningServer;
  try {
    running = await startServer({ pack, port: opts.port, host: opts.host, today: opts.today });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'EADDRINUSE'
        ? 'the port is in use'
        : err.code === 'EACCES'
          ? 'permission denied'
          : err.code === 'EADDRNOTAVAIL'
            ? 'no such address on this machine'
            : err.message;
    io.err(`imr-check serve: cannot listen on ${opts.host}:${opts.port}: ${why}`);
    return 2;
  }
  io.err(`imr-check serve: ${running.url} (${pack.rules.size} rules)`);
  io.err(`  web page ${running.url}  JSON API ${running.url}api/check  CDS Hooks ${running.url}cds-services`);
  if (!LOOPBACK.has(opts.host)) {
    io.err(
      `  warning: listening on ${opts.host}, beyond this computer: what is entered on the page or sent to the API crosses the network`,
    );
    io.err('  to this server unencrypted (plain HTTP) and without authentication; put it behind a proxy that authenticates and uses HTTPS');
  }
  io.err('  Ctrl-C stops it');
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.err(`imr-check serve: ${signal}, stopping`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.close();
  io.err('imr-check serve: stopped');
  return 0;
}

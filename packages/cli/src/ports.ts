import { connect, createServer } from 'node:net';
import { CliExit } from './io.js';

/** Exit 1 with what to do when `port` is taken, instead of the app's or the emulator's stack trace. */
export function portInUse(command: string, what: string, port: number, flag: string): CliExit {
  return new CliExit(
    `wxkit ${command}: port ${port} (${what}) is already in use, probably by an earlier \`wxkit dev\` or your app; stop it (e.g. \`lsof -i :${port}\`) or pass ${flag} <another port>`,
    1,
  );
}

export const isAddressInUse = (error: unknown) =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';

const canListen = (port: number, host?: string) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, ...(host ? { host } : {}), exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });

/** True when nothing listens on `port` on loopback or the wildcard address (what an app binds). */
export async function portIsFree(port: number): Promise<boolean> {
  return (await canListen(port, '127.0.0.1')) && (await canListen(port));
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** True once something accepts connections on 127.0.0.1:`port`, false when nothing has within `withinMs`. */
export async function whenListening(port: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (await answers(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250).unref());
  }
  return false;
}

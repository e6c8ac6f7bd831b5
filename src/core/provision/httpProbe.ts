/**
 * The web server's first HTTP answer, asked through the SSH connection (a forwarded TCP channel from the
 * host to the jail's address), so that it is exactly what the tunnel will see and needs no tool on the host.
 */
import type { Duplex } from 'node:stream';

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

/** One GET of `/` on address:port as seen from the host. */
export type HttpProbe = (address: string, port: number, signal: AbortSignal) => Promise<HttpAnswer>;

export class NoHttpAnswer extends Error {}

/** Parses an HTTP/1.x response (the whole of it: the request asked the server to close). */
export function parseHttpResponse(raw: Buffer): HttpAnswer {
  const text = raw.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  const head = end >= 0 ? text.slice(0, end) : text;
  const [statusLine, ...headerLines] = head.split('\r\n');
  const m = /^HTTP\/\d\.\d (\d{3}) ?(.*)$/.exec(statusLine ?? '');
  if (!m) throw new NoHttpAnswer(`not an HTTP answer: ${JSON.stringify(text.slice(0, 60))}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(m[1]), statusText: m[2], headers, body: end >= 0 ? text.slice(end + 4) : '' };
}

/** An HttpProbe over any way of opening a TCP stream from the host (SshConnection.forwardOut). */
export function httpProbeOver(open: (address: string, port: number, signal: AbortSignal) => Promise<Duplex>): HttpProbe {
  return async (address, port, signal) => {
    const stream = await open(address, port, signal);
    return new Promise<HttpAnswer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const abort = () => stream.destroy(new NoHttpAnswer('cancelled'));
      signal.addEventListener('abort', abort, { once: true });
      const finish = () => {
        signal.removeEventListener('abort', abort);
        try {
          resolve(parseHttpResponse(Buffer.concat(chunks)));
        } catch (error) {
          reject(error);
        }
      };
      stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
      stream.on('end', finish);
      stream.on('close', finish);
      stream.on('error', (error: Error) => {
        signal.removeEventListener('abort', abort);
        reject(new NoHttpAnswer(error.message));
      });
      stream.write(`GET / HTTP/1.0\r\nHost: ${address}\r\nUser-Agent: freebsd-jails-vscode\r\nConnection: close\r\n\r\n`);
    });
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

/** Asks again (20 ms, then slower up to 500 ms apart) until an answer comes or `timeoutMs` passes. */
export async function waitForHttp(probe: HttpProbe, address: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<HttpAnswer> {
  const deadline = Date.now() + timeoutMs;
  let delay = 20;
  let last = 'no answer';
  for (;;) {
    if (signal.aborted) throw new NoHttpAnswer('cancelled');
    try {
      return await probe(address, port, signal);
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() + delay > deadline) throw new NoHttpAnswer(`no HTTP answer from ${address} port ${port} within ${Math.round(timeoutMs / 1000)} s (${last})`);
    await sleep(delay, signal);
    delay = Math.min(delay * 2, 500);
  }
}

/**
 * The way into an instance's network namespace. Each simulated host has a network stack of its own (sshd,
 * its jails' addresses, their daemons), so two instances never collide on 127.213.0.x:80. A relay process
 * inside that namespace accepts on a listening socket made outside it (127.0.0.1:PORT on the machine,
 * passed as fd 3) and forwards each connection to sshd on the namespace's 127.0.0.1:22; a Unix socket in
 * the instance directory lets the harness open TCP connections from inside the namespace to any address
 * (openConnection), as a program on the host would.
 */
import { createConnection, Socket } from 'node:net';

/** Source of the relay, run by the machine's node inside the namespace: ARGV sshPort unixSocketPath. */
export const RELAY_SOURCE = `
const net = require('net');
const [sshPort, unixPath] = process.argv.slice(1);
const join = (client, upstream) => {
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  client.pipe(upstream).pipe(client);
};
net.createServer((client) => join(client, net.createConnection({ host: '127.0.0.1', port: Number(sshPort) }))).listen({ fd: 3 });
net.createServer((client) => {
  let header = Buffer.alloc(0);
  const onData = (chunk) => {
    header = Buffer.concat([header, chunk]);
    const end = header.indexOf(10);
    if (end < 0) return;
    client.removeListener('data', onData);
    client.pause();
    const [host, port] = header.subarray(0, end).toString().split(' ');
    const rest = header.subarray(end + 1);
    const upstream = net.createConnection({ host, port: Number(port) });
    const refused = (error) => client.end('-' + error.code);
    upstream.once('error', refused);
    upstream.once('connect', () => {
      upstream.removeListener('error', refused);
      client.write('+');
      if (rest.length > 0) upstream.write(rest);
      join(client, upstream);
    });
  };
  client.on('data', onData);
  client.on('error', () => undefined);
}).listen(unixPath);
`;

/** A TCP connection made from inside the instance's network namespace to `host`:`port`. */
export function connectInside(unixPath: string, host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(unixPath, () => socket.write(`${host} ${port}\n`));
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      if (chunk[0] !== 0x2b) {
        socket.destroy();
        reject(new Error(`connect ${chunk.subarray(1).toString() || 'failed'} ${host}:${port}`));
        return;
      }
      socket.removeListener('error', reject);
      if (chunk.length > 1) socket.unshift(chunk.subarray(1));
      resolve(socket);
    });
  });
}

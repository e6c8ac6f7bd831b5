/**
 * Shared by the web stack's conformance tests: HTTP requests to a jail's address from inside the simulated
 * host's network (SimulatedHost.openConnection), and the set-up steps a jail manager runs for a stack.
 */
import { request } from 'node:http';
import { SimulatedHost } from '../../host/index';
import { ssh } from './harness';

export interface HttpAnswer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

export async function httpGet(host: SimulatedHost, address: string, port: number, path: string): Promise<HttpAnswer> {
  const socket = await host.openConnection(address, port);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: address, port, path, createConnection: () => socket, headers: { Host: address, Connection: 'close' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Runs a script on the host and fails the test with its output when it fails. */
export async function onHost(host: SimulatedHost, script: string): Promise<string> {
  const result = await ssh(host, script);
  if (result.status !== 0) throw new Error(`${script}\nexit ${result.status}\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** The handler configuration of freebsd-reference.md §6 for mod_php. */
export const MOD_PHP_CONF = '<IfModule dir_module>\n    DirectoryIndex index.php index.html\n</IfModule>\n<FilesMatch "\\.php$">\n    SetHandler application/x-httpd-php\n</FilesMatch>\n';

/** The handler configuration of freebsd-reference.md §6 for php-fpm. */
export const FPM_CONF = '<IfModule dir_module>\n    DirectoryIndex index.php index.html\n</IfModule>\n<FilesMatch "\\.php$">\n    SetHandler "proxy:fcgi://127.0.0.1:9000"\n</FilesMatch>\n';

export const PHP_PAGE = '<html><body>\n<?php\necho "PHP " . PHP_VERSION . " on " . PHP_OS;\ntrigger_error("careful", E_USER_WARNING);\n?>\n</body></html>\n';

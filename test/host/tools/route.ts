/**
 * route(8), the part VNET jails use: `route add|delete [-net|-host] DEST GATEWAY` (DEST `default` or an
 * address with an optional /len) on the caller's network stack, with route.c's messages
 * ("add net default: gateway 192.0.2.1"). The routes are real: busybox's ip in that stack's namespace.
 */
import { ToolExit, usage } from './runtime/exit';
import { withStateLock } from './runtime/stateStore';
import { InterfaceError } from './host/interfaces';
import { prisonOf, readKernelTable } from './kernel/jailTable';
import { ip, placeOf, vnetOf } from './host/vnetLinks';

const USAGE = 'usage: route [-j jail] [-46dnqtv] command [[modifiers] args]';

export function runRoute(argv: string[]): void {
  let quiet = false;
  const words = argv.filter((word) => {
    if (word === '-q') quiet = true;
    return !/^-[46dnqtv]+$/.test(word);
  });
  const [command, ...rest] = words;
  if (command !== 'add' && command !== 'delete') usage(USAGE);
  const host = rest.includes('-host');
  const [destination, gateway] = rest.filter((word) => !['-net', '-host', '-inet', '-inet6'].includes(word));
  if (destination === undefined || (command === 'add' && gateway === undefined)) usage(USAGE);
  const target = destination === 'default' ? 'default' : destination.includes('/') || !host ? destination : `${destination}/32`;
  const described = `${command} ${host ? 'host' : 'net'} ${destination}${gateway ? `: gateway ${gateway}` : ''}`;
  if (process.geteuid?.() !== 0) {
    process.stderr.write('route: must be root to alter routing table\n');
    throw new ToolExit(1);
  }
  const failure = withStateLock(() => {
    const jails = readKernelTable().jails;
    const prison = prisonOf(jails);
    try {
      ip(placeOf(vnetOf(prison, jails), prison, jails), ['route', command === 'add' ? 'add' : 'del', target, ...(gateway ? ['via', gateway] : [])]);
      return undefined;
    } catch (error) {
      if (!(error instanceof InterfaceError)) throw error;
      return error.message;
    }
  });
  if (failure === undefined) {
    if (!quiet) process.stdout.write(`${described}\n`);
    return;
  }
  // route.c: the socket error first, then the request with its errno in words.
  const [errno, reason] = /unreachable/i.test(failure) ? ['Network is unreachable', 'Network is unreachable']
    : /exists/i.test(failure) ? ['File exists', 'route already in table'] : ['No such process', 'not in table'];
  process.stderr.write(command === 'add' ? `route: writing to routing socket: ${errno}\n` : 'route: route has not been found\n');
  process.stdout.write(`${described} fib 0: ${reason}\n`);
  throw new ToolExit(1);
}

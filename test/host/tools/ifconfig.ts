/**
 * ifconfig(8) on the simulated interfaces of the caller's network stack: the host's, a VNET jail's own,
 * or (in a jail without VNET) the host's showing only the jail's addresses. Listing (all, one, -l, -g),
 * address aliases (the lo1 addresses jail managers add), cloning and destroying lo/epair/bridge,
 * up/down, descr, name, addm/deletem, and moving interfaces into and out of VNET jails (vnet/-vnet).
 * epair and bridge interfaces are real Linux veth and bridge links (host/vnetLinks.ts).
 */
import { isIPv4 } from 'node:net';
import { fail, ToolExit } from './runtime/exit';
import { withStateLock } from './runtime/stateStore';
import { dottedNetmask, InterfaceError, NetworkInterface, readInterfaces, withFlags, writeInterfaces } from './host/interfaces';
import { findJail, KernelJail, notFoundMessage, prisonOf, readJailTable, readKernelTable } from './kernel/jailTable';
import { createVethPair, ip, placeOf, placePid, prefixLength, vnetOf } from './host/vnetLinks';

const LOOPBACK_FLAGS = '1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP>';
const LOOPBACK_OPTIONS = '680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>';

interface Stack {
  jails: KernelJail[];
  prison?: KernelJail;
  /** jid of the VNET jail whose interfaces the caller sees, 0 for the host's. */
  vnet: number;
  /** In a jail without VNET: the only addresses it sees. */
  visibleAddresses?: string[];
}

function callerStack(): Stack {
  const jails = readKernelTable().jails;
  const prison = prisonOf(jails);
  const vnet = vnetOf(prison, jails);
  const own = (name: string) => (prison?.params[name] as string[] | undefined) ?? [];
  return { jails, prison, vnet, visibleAddresses: prison && vnet === 0 ? [...own('ip4.addr'), ...own('ip6.addr')] : undefined };
}

const inStack = (networkInterface: NetworkInterface, vnet: number) => (networkInterface.vnet ?? 0) === vnet;

function hexMask(mask: string): string {
  return `0x${mask.split('.').map((octet) => Number(octet).toString(16).padStart(2, '0')).join('')}`;
}

/** A netmask given as 0xffffff00 or 255.255.255.0. */
function netmaskWord(word: string): string {
  if (!/^0x/i.test(word)) return word;
  const value = parseInt(word.slice(2), 16) >>> 0;
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

function broadcast(address: string, mask: string): string {
  const a = address.split('.').map(Number);
  const m = mask.split('.').map(Number);
  return a.map((octet, index) => (octet | (~m[index] & 255))).join('.');
}

function bridgeLines(bridge: NetworkInterface, all: NetworkInterface[]): string[] {
  const lines = ['\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15',
    '\tmaxage 20 holdcnt 6 proto rstp maxaddr 2000 timeout 1200',
    '\troot id 00:00:00:00:00:00 priority 32768 ifcost 0 port 0'];
  for (const member of bridge.members ?? []) {
    const port = all.findIndex((candidate) => candidate.name === member && candidate.vnet === bridge.vnet) + 1;
    lines.push(`\tmember: ${member} flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>`, `\t        ifmaxaddr 0 port ${port} priority 128 path cost 2000`);
  }
  return lines;
}

function render(networkInterface: NetworkInterface, all: NetworkInterface[], visibleAddresses?: string[]): string {
  const index = all.indexOf(networkInterface);
  const loopback = networkInterface.flags.includes('LOOPBACK');
  const lines = [`${networkInterface.name}: flags=${networkInterface.flags} metric 0 mtu ${networkInterface.mtu}`];
  if (networkInterface.description) lines.push(`\tdescription: ${networkInterface.description}`);
  lines.push(`\toptions=${networkInterface.options}`);
  if (networkInterface.ether) lines.push(`\tether ${networkInterface.ether}`);
  for (const address of networkInterface.addresses) {
    if (visibleAddresses && !visibleAddresses.includes(address.address)) continue;
    if (address.family === 'inet') {
      lines.push(`\tinet ${address.address} netmask ${hexMask(address.mask)}${loopback ? '' : ` broadcast ${broadcast(address.address, address.mask)}`}`);
    } else {
      lines.push(`\tinet6 ${address.address} prefixlen ${address.mask}${address.address.startsWith('fe80') ? ` scopeid 0x${(index + 1).toString(16)}` : ''}`);
    }
  }
  const bridge = networkInterface.groups.includes('bridge');
  if (bridge) lines.push(...bridgeLines(networkInterface, all));
  if (networkInterface.groups.length > 0) lines.push(`\tgroups: ${networkInterface.groups.join(' ')}`);
  if (networkInterface.groups.includes('epair')) lines.push('\tmedia: Ethernet 10Gbase-T (10Gbase-T <full-duplex>)', '\tstatus: active');
  else if (networkInterface.ether && !bridge) lines.push('\tmedia: Ethernet autoselect (1000baseT <full-duplex>)', '\tstatus: active');
  lines.push(`\tnd6 options=${loopback ? '21<PERFORMNUD,AUTO_LINKLOCAL>' : bridge ? '9<PERFORMNUD,IFDISABLED>' : '29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>'}`);
  return `${lines.join('\n')}\n`;
}

const randomOctets = (count: number) => [...Array(count)].map(() => Math.floor(Math.random() * 256).toString(16).padStart(2, '0'));

/** The interfaces `ifconfig NAME create` makes, real links included. */
function cloned(name: string, interfaces: NetworkInterface[], stack: Stack): NetworkInterface[] {
  const taken = (candidate: string) => interfaces.some((existing) => existing.name === candidate || existing.name === `${candidate}a`);
  const next = (prefix: string) => {
    let unit = 0;
    while (taken(`${prefix}${unit}`)) unit++;
    return `${prefix}${unit}`;
  };
  const vnet = stack.vnet === 0 ? undefined : stack.vnet;
  const base = { mtu: 1500, options: '8<VLAN_MTU>', addresses: [], vnet };
  if (/^lo\d*$/.test(name)) return [{ ...base, name: name === 'lo' ? next('lo') : name, flags: LOOPBACK_FLAGS, mtu: 16384, options: LOOPBACK_OPTIONS, groups: ['lo'] }];
  if (/^epair\d*$/.test(name)) {
    const pair = name === 'epair' ? next('epair') : name;
    const middle = randomOctets(4).join(':');
    createVethPair(placeOf(stack.vnet, stack.prison, stack.jails), `${pair}a`, `${pair}b`);
    return ['a', 'b'].map((side) => ({ ...base, name: `${pair}${side}`, flags: '1008842<BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP>',
      ether: `02:${middle}:0${side}`, groups: ['epair'], linked: true }));
  }
  if (/^bridge\d*$/.test(name)) {
    const bridge = name === 'bridge' ? next('bridge') : name;
    ip(placeOf(stack.vnet, stack.prison, stack.jails), ['link', 'add', bridge, 'type', 'bridge']);
    return [{ ...base, name: bridge, flags: '8802<BROADCAST,SIMPLEX,MULTICAST>', options: '0', ether: `58:9c:fc:${randomOctets(3).join(':')}`,
      groups: ['bridge'], members: [], linked: true }];
  }
  fail('ifconfig', 'SIOCIFCREATE2: Invalid argument');
}

/** Takes an interface out of every bridge of its stack (it was destroyed or moved away). */
function leaveBridges(interfaces: NetworkInterface[], member: NetworkInterface): void {
  for (const bridge of interfaces) {
    if (bridge.members?.includes(member.name) && bridge.vnet === member.vnet) bridge.members = bridge.members.filter((name) => name !== member.name);
  }
}

function destroy(interfaces: NetworkInterface[], target: NetworkInterface, stack: Stack): void {
  if (!target.linked && !/^lo[1-9]\d*$/.test(target.name)) fail('ifconfig', 'SIOCIFDESTROY: Invalid argument');
  const pair = target.groups.includes('epair') ? target.name.replace(/[ab]$/, '') : undefined;
  const doomed = interfaces.filter((candidate) => candidate === target || (pair !== undefined && candidate.groups.includes('epair') && candidate.name.replace(/[ab]$/, '') === pair));
  if (target.linked) ip(placeOf(stack.vnet, stack.prison, stack.jails), ['link', 'del', target.name]);
  doomed.forEach((gone) => leaveBridges(interfaces, gone));
  interfaces.splice(0, interfaces.length, ...interfaces.filter((candidate) => !doomed.includes(candidate)));
}

/** libjail's jail_getid as seen from the caller: the kernel jail for a visible jid or name. */
function visibleJail(key: string, stack: Stack): KernelJail {
  const seen = findJail(readJailTable().jails, key);
  const jail = seen && stack.jails.find((candidate) => candidate.jid === seen.jid);
  if (!jail) fail('ifconfig', notFoundMessage(key));
  return jail;
}

/** An interface arriving in a stack gets the next index there: it is listed last. */
function arrive(interfaces: NetworkInterface[], moved: NetworkInterface): void {
  interfaces.splice(interfaces.indexOf(moved), 1);
  interfaces.push(moved);
}

/** ifconfig IF vnet JAIL: the interface leaves the caller's stack for the jail's, losing its addresses. */
function moveIntoJail(interfaces: NetworkInterface[], target: NetworkInterface, key: string, stack: Stack): void {
  const jail = visibleJail(key, stack);
  const destination = vnetOf(jail, stack.jails);
  // if_vmove_loan: the same stack, or one that has an interface of that name already.
  if (destination === stack.vnet || interfaces.some((candidate) => inStack(candidate, destination) && candidate.name === target.name)) {
    fail('ifconfig', 'SIOCSIFVNET: File exists');
  }
  if (target.linked) {
    ip(placeOf(stack.vnet, stack.prison, stack.jails), ['link', 'set', target.name, 'netns', String(placePid(placeOf(destination, stack.prison, stack.jails)))]);
  }
  leaveBridges(interfaces, target);
  Object.assign(target, { vnet: destination, addresses: [], flags: withFlags(target.flags, [], ['UP', 'PROMISC']) });
  arrive(interfaces, target);
}

/** ifconfig IF -vnet JAIL: the interface comes back from the jail's stack to the caller's. */
function reclaimFromJail(interfaces: NetworkInterface[], name: string, key: string, stack: Stack): void {
  const jail = visibleJail(key, stack);
  const source = vnetOf(jail, stack.jails);
  const target = interfaces.find((candidate) => candidate.name === name && inStack(candidate, source) && source !== stack.vnet);
  if (!target) fail('ifconfig', `SIOCSIFRVNET(${jail.jid}, ${name}): Device not configured`);
  if (target.linked) {
    ip(placeOf(source, stack.prison, stack.jails), ['link', 'set', name, 'netns', String(placePid(placeOf(stack.vnet, stack.prison, stack.jails)))]);
  }
  Object.assign(target, { vnet: stack.vnet === 0 ? undefined : stack.vnet, addresses: [], flags: withFlags(target.flags, [], ['UP']) });
  arrive(interfaces, target);
}

function setUp(target: NetworkInterface, up: boolean, stack: Stack): void {
  if (target.linked) ip(placeOf(stack.vnet, stack.prison, stack.jails), ['link', 'set', target.name, up ? 'up' : 'down']);
  // A VNET jail's lo0 is its namespace's own Linux loopback.
  if (target.name === 'lo0' && target.vnet !== undefined) ip(placeOf(stack.vnet, stack.prison, stack.jails), ['link', 'set', 'lo', up ? 'up' : 'down']);
  const running = target.groups.includes('bridge') ? ['RUNNING'] : target.groups.includes('lo') ? ['RUNNING', 'LOWER_UP'] : [];
  target.flags = up ? withFlags(target.flags, ['UP', ...running]) : withFlags(target.flags, [], ['UP', ...running]);
}

function bridgeMember(interfaces: NetworkInterface[], bridge: NetworkInterface, name: string, add: boolean, stack: Stack): void {
  const member = interfaces.find((candidate) => candidate.name === name && inStack(candidate, stack.vnet));
  const command = add ? 'BRDGADD' : 'BRDGDEL';
  if (!member || member === bridge || (!add && !bridge.members?.includes(name))) fail('ifconfig', `${command} ${name}: No such file or directory`);
  if (add && bridge.members?.includes(name)) fail('ifconfig', `${command} ${name}: File exists`);
  if (bridge.linked && member.linked) ip(placeOf(stack.vnet, stack.prison, stack.jails), ['link', 'set', name, ...(add ? ['master', bridge.name] : ['nomaster'])]);
  bridge.members = add ? [name, ...(bridge.members ?? [])] : (bridge.members ?? []).filter((existing) => existing !== name);
  member.flags = add ? withFlags(member.flags, ['PROMISC']) : withFlags(member.flags, [], ['PROMISC']);
}

function configure(interfaces: NetworkInterface[], name: string, words: string[], stack: Stack): void {
  if (words[0] === 'create') {
    if (interfaces.some((candidate) => inStack(candidate, stack.vnet) && (candidate.name === name || candidate.name === `${name}a`))) {
      fail('ifconfig', 'SIOCIFCREATE2: File exists');
    }
    const created = cloned(name, interfaces, stack);
    interfaces.push(...created);
    // Like FreeBSD, a clone created by type alone (or an epair) prints the name it got.
    if (!/\d$/.test(name) || name.startsWith('epair')) process.stdout.write(`${created[0].name}\n`);
    name = created[0].name;
    words = words.slice(1);
  }
  if (words[0] === '-vnet') return reclaimFromJail(interfaces, name, words[1] ?? '', stack);
  const target = interfaces.find((candidate) => inStack(candidate, stack.vnet) && candidate.name === name);
  if (!target) fail('ifconfig', `interface ${name} does not exist`);
  let family: 'inet' | 'inet6' = 'inet';
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (word === 'inet' || word === 'inet6') { family = word; continue; }
    if (word === 'destroy') return destroy(interfaces, target, stack);
    if (word === 'vnet') return moveIntoJail(interfaces, target, words[index + 1] ?? '', stack);
    if (word === 'up' || word === 'down') { setUp(target, word === 'up', stack); continue; }
    if (word === 'descr' || word === 'description') { target.description = words[++index]; continue; }
    if (word === 'name') {
      const newName = words[++index];
      if (target.linked) ip(placeOf(stack.vnet, stack.prison, stack.jails), ['link', 'set', target.name, 'name', newName]);
      target.name = newName;
      process.stdout.write(`${target.name}\n`);
      continue;
    }
    if (word === 'addm' || word === 'deletem') { bridgeMember(interfaces, target, words[++index], word === 'addm', stack); continue; }
    if (word === 'group') { target.groups.push(words[++index]); continue; }
    if (word === 'mtu') { target.mtu = Number(words[++index]); continue; }
    if (['netmask', 'prefixlen', 'alias', '-alias', 'delete'].includes(word) || /^\d/.test(word) || word.includes(':')) {
      index = address(target, family, words, index, stack);
      continue;
    }
    fail('ifconfig', `${word}: bad value`);
  }
}

/** Handles "ADDR[/len] [netmask M|prefixlen N] [alias|-alias|delete]"; returns the last index used. */
function address(target: NetworkInterface, family: 'inet' | 'inet6', words: string[], index: number, stack: Stack): number {
  const word = words[index];
  if (['netmask', 'prefixlen', 'alias'].includes(word)) return word === 'alias' ? index : index + 1;
  if (word === '-alias' || word === 'delete') return index;
  const [addressText, length] = word.split('/');
  let mask = family === 'inet' ? dottedNetmask(length ?? (target.flags.includes('LOOPBACK') ? '8' : '24')) : length ?? '64';
  let at = index + 1;
  if (words[at] === 'netmask') { mask = netmaskWord(words[at + 1]); at += 2; }
  if (words[at] === 'prefixlen') { mask = words[at + 1]; at += 2; }
  if (family === 'inet' && !isIPv4(addressText)) fail('ifconfig', `error in parsing address string: hostname nor servname provided, or not known`);
  const removing = words[at] === '-alias' || words[at] === 'delete';
  const linkAddress = `${addressText}/${family === 'inet' ? prefixLength(mask) : mask}`;
  const place = () => placeOf(stack.vnet, stack.prison, stack.jails);
  if (removing) {
    const before = target.addresses.length;
    target.addresses = target.addresses.filter((existing) => existing.address !== addressText);
    if (before === target.addresses.length) fail('ifconfig', 'ioctl (SIOCDIFADDR): Can\'t assign requested address');
    if (target.linked) ip(place(), ['addr', 'del', linkAddress, 'dev', target.name]);
  } else if (!target.addresses.some((existing) => existing.address === addressText)) {
    if (words[at] !== 'alias') {
      const replaced = target.addresses.filter((existing) => existing.family === family);
      if (target.linked) replaced.forEach((old) => ip(place(), ['addr', 'del', `${old.address}/${family === 'inet' ? prefixLength(old.mask) : old.mask}`, 'dev', target.name]));
      target.addresses = target.addresses.filter((existing) => existing.family !== family);
    }
    if (target.linked) ip(place(), ['addr', 'add', linkAddress, 'dev', target.name]);
    target.addresses.push({ family, address: addressText, mask });
  }
  return words[at] === 'alias' || removing ? at : at - 1;
}

export function runIfconfig(argv: string[]): void {
  const stack = callerStack();
  const interfaces = readInterfaces();
  const shown = interfaces.filter((candidate) => inStack(candidate, stack.vnet));
  const group = argv[0] === '-g' || (argv[0] === '-a' && argv[1] === '-g') ? argv[argv.indexOf('-g') + 1] : undefined;
  if (group !== undefined) {
    const members = shown.filter((candidate) => candidate.groups.includes(group));
    process.stdout.write(members.map((candidate) => (argv[0] === '-a' ? render(candidate, interfaces, stack.visibleAddresses) : `${candidate.name}\n`)).join(''));
    return;
  }
  if (argv.length === 0 || argv[0] === '-a') {
    process.stdout.write(shown.map((candidate) => render(candidate, interfaces, stack.visibleAddresses)).join(''));
    return;
  }
  if (argv[0] === '-l') {
    process.stdout.write(`${shown.map((candidate) => candidate.name).join(' ')}\n`);
    return;
  }
  const [name, ...words] = argv;
  if (words.length === 0) {
    const found = shown.find((candidate) => candidate.name === name);
    if (!found) fail('ifconfig', `interface ${name} does not exist`);
    process.stdout.write(render(found, interfaces, stack.visibleAddresses));
    return;
  }
  if (process.geteuid?.() !== 0) {
    process.stderr.write('ifconfig: ioctl (SIOCAIFADDR): permission denied\n');
    throw new ToolExit(1);
  }
  if (stack.visibleAddresses) fail('ifconfig', words[0] === 'create' ? 'SIOCIFCREATE2: Operation not permitted' : 'ioctl (SIOCSIFFLAGS): Operation not permitted');
  withStateLock(() => {
    const current = readInterfaces();
    try {
      configure(current, name, words, stack);
    } catch (error) {
      if (!(error instanceof InterfaceError)) throw error;
      fail('ifconfig', error.message);
    } finally {
      writeInterfaces(current);
    }
  });
}

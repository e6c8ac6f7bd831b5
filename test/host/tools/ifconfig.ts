/**
 * ifconfig(8) on the simulated interfaces: listing (all, one, -l), address aliases (the lo1 addresses jail
 * managers add), cloning and destroying lo/epair/bridge interfaces, up/down, descr, addm/deletem.
 */
import { isIPv4 } from 'node:net';
import { fail, ToolExit } from './runtime/exit';
import { withStateLock } from './runtime/stateStore';
import { dottedNetmask, NetworkInterface, readInterfaces, writeInterfaces } from './host/interfaces';

const LOOPBACK_FLAGS = '1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP>';
const ETHER_FLAGS = '8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>';

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

function render(networkInterface: NetworkInterface, index: number): string {
  const lines = [`${networkInterface.name}: flags=${networkInterface.flags} metric 0 mtu ${networkInterface.mtu}`];
  if (networkInterface.description) lines.push(`\tdescription: ${networkInterface.description}`);
  lines.push(`\toptions=${networkInterface.options}`);
  if (networkInterface.ether) lines.push(`\tether ${networkInterface.ether}`);
  for (const address of networkInterface.addresses) {
    if (address.family === 'inet') {
      const loopback = networkInterface.flags.includes('LOOPBACK');
      lines.push(`\tinet ${address.address} netmask ${hexMask(address.mask)}${loopback ? '' : ` broadcast ${broadcast(address.address, address.mask)}`}`);
    } else {
      lines.push(`\tinet6 ${address.address} prefixlen ${address.mask}${address.address.startsWith('fe80') ? ` scopeid 0x${(index + 1).toString(16)}` : ''}`);
    }
  }
  for (const member of networkInterface.members ?? []) lines.push(`\tmember: ${member} flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>`);
  if (networkInterface.ether) lines.push('\tmedia: Ethernet autoselect (1000baseT <full-duplex>)', '\tstatus: active');
  if (networkInterface.groups.length > 0) lines.push(`\tgroups: ${networkInterface.groups.join(' ')}`);
  lines.push(`\tnd6 options=${networkInterface.flags.includes('LOOPBACK') ? '21<PERFORMNUD,AUTO_LINKLOCAL>' : '29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>'}`);
  return `${lines.join('\n')}\n`;
}

function cloned(name: string, interfaces: NetworkInterface[]): NetworkInterface[] {
  const ether = () => `02:${[...Array(5)].map(() => Math.floor(Math.random() * 256).toString(16).padStart(2, '0')).join(':')}`;
  const next = (prefix: string) => {
    let unit = 0;
    while (interfaces.some((candidate) => candidate.name.startsWith(`${prefix}${unit}`))) unit++;
    return `${prefix}${unit}`;
  };
  const base = { mtu: 1500, options: '8<VLAN_MTU>', addresses: [], groups: [] as string[] };
  if (/^lo\d*$/.test(name)) return [{ ...base, name: name === 'lo' ? next('lo') : name, flags: LOOPBACK_FLAGS, mtu: 16384, options: '680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>', groups: ['lo'] }];
  if (/^epair\d*$/.test(name)) {
    const pair = name === 'epair' ? next('epair') : name;
    return ['a', 'b'].map((side) => ({ ...base, name: `${pair}${side}`, flags: ETHER_FLAGS, ether: ether(), groups: ['epair'] }));
  }
  if (/^bridge\d*$/.test(name)) return [{ ...base, name: name === 'bridge' ? next('bridge') : name, flags: ETHER_FLAGS, ether: ether(), options: '0', groups: ['bridge'], members: [] }];
  fail('ifconfig', `SIOCIFCREATE2 (${name}): Invalid argument`);
}

function configure(interfaces: NetworkInterface[], name: string, words: string[]): void {
  if (words[0] === 'create') {
    if (interfaces.some((candidate) => candidate.name === name)) fail('ifconfig', `interface ${name} already exists`);
    const created = cloned(name, interfaces);
    interfaces.push(...created);
    // Like FreeBSD, a clone created by type alone (or an epair) prints the name it got.
    if (!/\d$/.test(name) || name.startsWith('epair')) process.stdout.write(`${created[0].name}\n`);
    name = created[0].name;
    words = words.slice(1);
  }
  const target = interfaces.find((candidate) => candidate.name === name || candidate.name === `${name}a`);
  if (!target) fail('ifconfig', `interface ${name} does not exist`);
  let family: 'inet' | 'inet6' = 'inet';
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (word === 'inet' || word === 'inet6') { family = word; continue; }
    if (word === 'destroy') {
      const pair = target.name.replace(/[ab]$/, '');
      interfaces.splice(0, interfaces.length, ...interfaces.filter((candidate) => candidate !== target && !(target.name.startsWith('epair') && candidate.name.startsWith(pair))));
      return;
    }
    if (word === 'up' || word === 'down') { target.flags = word === 'up' ? target.flags : target.flags.replace('UP,', ''); continue; }
    if (word === 'descr' || word === 'description') { target.description = words[++index]; continue; }
    if (word === 'name') { target.name = words[++index]; process.stdout.write(`${target.name}\n`); continue; }
    if (word === 'addm') { target.members = [...(target.members ?? []), words[++index]]; continue; }
    if (word === 'deletem') { target.members = (target.members ?? []).filter((member) => member !== words[index + 1]); index++; continue; }
    if (['netmask', 'prefixlen', 'alias', '-alias', 'delete', 'vnet', '-vnet', 'mtu', 'group'].includes(word) || /^\d/.test(word) || word.includes(':')) {
      index = address(target, family, words, index);
      continue;
    }
    fail('ifconfig', `${word}: bad value`);
  }
}

/** Handles "ADDR[/len] [netmask M|prefixlen N] [alias|-alias|delete]"; returns the last index used. */
function address(target: NetworkInterface, family: 'inet' | 'inet6', words: string[], index: number): number {
  const word = words[index];
  if (['vnet', '-vnet', 'mtu', 'group'].includes(word)) return index + 1;
  if (['netmask', 'prefixlen', 'alias'].includes(word)) return word === 'alias' ? index : index + 1;
  if (word === '-alias' || word === 'delete') return index;
  const [addressText, length] = word.split('/');
  let mask = family === 'inet' ? dottedNetmask(length ?? (target.flags.includes('LOOPBACK') ? '8' : '24')) : length ?? '64';
  let at = index + 1;
  if (words[at] === 'netmask') { mask = netmaskWord(words[at + 1]); at += 2; }
  if (words[at] === 'prefixlen') { mask = words[at + 1]; at += 2; }
  if (family === 'inet' && !isIPv4(addressText)) fail('ifconfig', `error in parsing address string: hostname nor servname provided, or not known`);
  const removing = words[at] === '-alias' || words[at] === 'delete';
  if (removing) {
    const before = target.addresses.length;
    target.addresses = target.addresses.filter((existing) => existing.address !== addressText);
    if (before === target.addresses.length) fail('ifconfig', 'ioctl (SIOCDIFADDR): Can\'t assign requested address');
  } else if (!target.addresses.some((existing) => existing.address === addressText)) {
    if (words[at] !== 'alias') target.addresses = target.addresses.filter((existing) => existing.family !== family);
    target.addresses.push({ family, address: addressText, mask });
  }
  return words[at] === 'alias' || removing ? at : at - 1;
}

export function runIfconfig(argv: string[]): void {
  const interfaces = readInterfaces();
  if (argv.length === 0 || argv[0] === '-a') {
    process.stdout.write(interfaces.map(render).join(''));
    return;
  }
  if (argv[0] === '-l') {
    process.stdout.write(`${interfaces.map((candidate) => candidate.name).join(' ')}\n`);
    return;
  }
  const [name, ...words] = argv;
  if (words.length === 0) {
    const index = interfaces.findIndex((candidate) => candidate.name === name);
    if (index < 0) fail('ifconfig', `interface ${name} does not exist`);
    process.stdout.write(render(interfaces[index], index));
    return;
  }
  if (process.geteuid?.() !== 0) {
    process.stderr.write('ifconfig: ioctl (SIOCAIFADDR): permission denied\n');
    throw new ToolExit(1);
  }
  withStateLock(() => {
    const current = readInterfaces();
    configure(current, name, words);
    writeInterfaces(current);
  });
}

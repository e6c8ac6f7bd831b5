/**
 * jls(8)'s two renderings of the same rows: the printf layouts of the text style and the libxo JSON
 * encoding, whose key names depend on the libxo version the scenario imitates (freebsd-reference.md §3.2).
 */
import { LibxoJson } from './runtime/libxo';
import { KernelJail, ParamValue } from './kernel/jailTable';
import { ParamDefinition } from './kernel/paramTable';

export interface ValueCell {
  param: ParamDefinition;
  value: ParamValue | undefined;
  /** jailparam_export's text of the value. */
  text: string;
}

export interface ValueFlags {
  nameValue: boolean;
  quoted: boolean;
}

export interface JlsOutput {
  defaultHeader(byName: boolean): void;
  verboseHeader(): void;
  paramHeader(names: string[]): void;
  begin(): void;
  beginJail(): void;
  defaultRow(jail: KernelJail, byName: boolean): void;
  verboseRow(jail: KernelJail): void;
  valuesRow(cells: ValueCell[], flags: ValueFlags): void;
  endJail(): void;
  finish(): string;
}

const isAddressList = (param: ParamDefinition) => param.type === 'ip4' || param.type === 'ip6';
const addresses = (jail: KernelJail, name: 'ip4.addr' | 'ip6.addr') => (jail.params[name] as string[] | undefined) ?? [];
const padded = (text: string, width: number) => text.padEnd(width);
const clipped = (text: string, width: number) => text.slice(0, width).padEnd(width);

/** "noname" for a false boolean: the prefix goes on the last dotted component. */
export function noName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? `no${name}` : `${name.slice(0, dot)}.no${name.slice(dot + 1)}`;
}

export class TextOutput implements JlsOutput {
  private text = '';

  defaultHeader(byName: boolean): void {
    this.text += byName
      ? ` ${padded('JID', 15)} ${padded('IP Address', 15)} ${padded('Hostname', 29)} Path\n`
      : `   JID  IP Address${' '.repeat(6)}Hostname${' '.repeat(22)}Path\n`;
  }

  verboseHeader(): void {
    this.text += `   JID  Hostname${' '.repeat(22)}Path\n${' '.repeat(8)}Name${' '.repeat(26)}State\n`
      + `${' '.repeat(8)}CPUSetID\n${' '.repeat(8)}IP Address(es)\n`;
  }

  paramHeader(names: string[]): void {
    this.text += `${names.join(' ')}\n`;
  }

  begin(): void {}
  beginJail(): void {}
  endJail(): void {}

  defaultRow(jail: KernelJail, byName: boolean): void {
    const key = byName ? ` ${padded(jail.name, 15)} ` : `${String(jail.jid).padStart(6)}  `;
    const ip = addresses(jail, 'ip4.addr')[0] ?? '';
    this.text += `${key}${clipped(ip, 15)} ${clipped(String(jail.params['host.hostname']), 29)} ${String(jail.params.path).slice(0, 74)}\n`;
  }

  verboseRow(jail: KernelJail): void {
    const indent = ' '.repeat(8);
    this.text += `${String(jail.jid).padStart(6)}  ${clipped(String(jail.params['host.hostname']), 29)} ${String(jail.params.path).slice(0, 74)}\n`
      + `${indent}${clipped(jail.name, 29)} ${jail.params.dying ? 'DYING' : 'ACTIVE'}\n`
      + `${indent}${String(jail.params['cpuset.id'])}\n`;
    for (const address of [...addresses(jail, 'ip4.addr'), ...addresses(jail, 'ip6.addr')]) this.text += `${indent}${address}\n`;
  }

  valuesRow(cells: ValueCell[], flags: ValueFlags): void {
    this.text += `${cells.map((cell) => this.cell(cell, flags)).join(' ')}\n`;
  }

  private cell({ param, value, text }: ValueCell, { nameValue, quoted }: ValueFlags): string {
    if (nameValue && param.type === 'bool') return value ? param.name : noName(param.name);
    const prefix = nameValue ? `${param.name}=` : '';
    if (isAddressList(param) && text === '') return prefix + (quoted ? '""' : nameValue ? '' : '-');
    if (text === '') return `${prefix}""`;
    const quote = text.includes("'") ? '"' : text.includes('"') ? "'" : /[ \t]/.test(text) ? '"' : '';
    if (!quote || !quoted) return prefix + text;
    const escaped = text.replace(new RegExp(`[\\\\${quote}]`, 'g'), (character) => `\\${character}`);
    return `${prefix}${quote}${escaped}${quote}`;
  }

  finish(): string {
    return this.text;
  }
}

export class JsonOutput implements JlsOutput {
  constructor(private readonly json: LibxoJson, private readonly version: '1' | '2' | '3') {}

  defaultHeader(): void {}
  verboseHeader(): void {}
  paramHeader(): void {}

  begin(): void {
    this.json.openContainer('jail-information');
    this.json.openList('jail');
  }

  beginJail(): void {
    this.json.openInstance();
  }

  endJail(): void {
    this.json.close('instance');
  }

  defaultRow(jail: KernelJail, byName: boolean): void {
    if (byName) this.json.leaf('name', jail.name);
    else this.json.leaf('jid', jail.jid);
    this.json.leaf('ipv4', addresses(jail, 'ip4.addr')[0] ?? '');
    this.json.leaf('hostname', String(jail.params['host.hostname']));
    this.json.leaf('path', String(jail.params.path));
  }

  verboseRow(jail: KernelJail): void {
    this.json.leaf('jid', jail.jid);
    this.json.leaf('hostname', String(jail.params['host.hostname']));
    this.json.leaf('path', String(jail.params.path));
    this.json.leaf('name', jail.name);
    this.json.leaf('state', jail.params.dying ? 'DYING' : 'ACTIVE');
    this.json.leaf('cpusetid', Number(jail.params['cpuset.id']));
    if (this.version === '1') {
      // Version 1 (2017) listed every address, IPv6 included, under ipv4_addrs.
      this.addressList('ipv4_addrs', [...addresses(jail, 'ip4.addr'), ...addresses(jail, 'ip6.addr')]);
      return;
    }
    const separator = this.version === '3' ? '-' : '_';
    this.addressList(`ipv4${separator}addrs`, addresses(jail, 'ip4.addr'));
    this.addressList(`ipv6${separator}addrs`, addresses(jail, 'ip6.addr'));
  }

  valuesRow(cells: ValueCell[], { nameValue }: ValueFlags): void {
    for (const { param, value, text } of cells) {
      if (nameValue && param.type === 'bool') this.json.leaf(param.name, Boolean(value));
      else if (isAddressList(param)) this.addressList(param.name, (value as string[] | undefined) ?? []);
      // Before version 3, jls emitted an empty string through a libxo format that had no argument; the
      // simulator renders that as the key being absent (the reference: "possibly missing/garbled").
      else if (text === '' && this.version !== '3') continue;
      else this.json.leaf(param.name, text);
    }
  }

  private addressList(name: string, items: string[]): void {
    this.json.openList(name);
    items.forEach((item) => this.json.listItem(item));
    this.json.close('list');
  }

  finish(): string {
    this.json.close('list');
    this.json.close('container');
    return this.json.finish();
  }
}

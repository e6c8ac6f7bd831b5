// Checks the kernel makes between jails when several of them run at once, as `service jail start` runs
// every jail of a file: a second block with the name (or jid) of an earlier one, and addresses two jails
// share when the kernel refuses that (kern_jail.c: "jail \"X\" already exists", "IPv4 addresses clash").
// They are warnings: they fail only if both jails are started.
import { JailIdentity, JailParams, LookedParam } from './jailParams';
import { Reporter } from './report';
import { addressOf, canonicalAddress, splitAddress } from './values';

/** jail(8) does not merge blocks of the same name: each is a jail of its own, created in turn. */
function checkDuplicates(all: readonly JailParams[], report: Reporter): void {
  const byName = new Map<string, JailIdentity>();
  const byJid = new Map<string, JailIdentity>();
  for (const params of all) {
    const { jail } = params;
    const block = jail.config.block;
    const first = byName.get(jail.name);
    // The same block read again (a file included twice, or including itself) points at itself: skip it.
    if (first && block && first.config.block !== block) {
      report.addForJail('duplicate-jail', jail.name, { file: jail.config.file, start: block.name.start, end: block.name.end }, `an earlier block already defines this jail; jail(8) does not merge the two, so creating the second fails (jail "${jail.name}" already exists)`);
    } else if (!first) {
      byName.set(jail.name, jail);
    }
    const jid = params.get('jid')?.values.at(-1);
    const number = jid && Number.parseInt(jid.text, 10);
    if (!jid || !number) continue;
    const owner = byJid.get(String(number));
    if (owner && owner.name !== jail.name && jid.file) {
      report.addForJail('duplicate-jail', jail.name, { file: jid.file, start: jid.start, end: jid.end }, `jail "${owner.name}" has jid ${number} too, so creating the second fails (jail ${number} already exists)`);
    } else if (!owner) {
      byJid.set(String(number), jail);
    }
  }
}

interface AddressList {
  readonly jail: JailIdentity;
  /** The jail's addresses of one family, each once, as the kernel compares them. */
  readonly addresses: readonly string[];
}

function canonicalOf(text: string, family: 4 | 6): string {
  return canonicalAddress(addressOf(text), family);
}

function addressesOf(param: LookedParam, family: 4 | 6): readonly string[] {
  if (param.values.length === 1) return [canonicalOf(param.values[0].text, family)];
  return [...new Set(param.values.map((v) => canonicalOf(v.text, family)))];
}

/**
 * kern_jail.c lets jails share an address only when each of them has just one address of that family.
 * Child jails (which take their parent's addresses) and vnet jails (a network stack of their own) are
 * not compared.
 */
function checkAddressClashes(all: readonly JailParams[], family: 4 | 6, report: Reporter): void {
  const holders = new Map<string, AddressList[]>();
  for (const params of all) {
    const { jail } = params;
    const param = params.get(family === 4 ? 'ip4.addr' : 'ip6.addr');
    if (!param || param.bad || param.values.length === 0 || jail.name.includes('.') || params.get('vnet')) continue;
    const list: AddressList = { jail, addresses: addressesOf(param, family) };
    let reported = false;
    for (const address of list.addresses) {
      const others = holders.get(address);
      if (!others) {
        holders.set(address, [list]);
        continue;
      }
      const other = others.find((o) => list.addresses.length > 1 || o.addresses.length > 1);
      const value = other && param.values.find((v) => canonicalOf(v.text, family) === address);
      if (!reported && other && value?.file) {
        report.addForJail('address-clash', jail.name, { file: value.file, start: value.start, end: value.end }, `${splitAddress(value.text).address} is also an address of jail "${other.jail.name}"; jails may share an address only when each has just one, so the kernel refuses to run both (IPv${family} addresses clash)`);
        reported = true;
      }
      others.push(list);
    }
  }
}

export function checkBetweenJails(all: readonly JailParams[], report: Reporter): void {
  checkDuplicates(all, report);
  checkAddressClashes(all, 4, report);
  checkAddressClashes(all, 6, report);
}

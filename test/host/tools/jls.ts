/**
 * jls(8): list jails, in the layouts of FreeBSD's jls.c (freebsd-reference.md §3), as text or libxo JSON
 * of the scenario's libxo version.
 */
import { fail } from './runtime/exit';
import { parseOptions } from './runtime/getopt';
import { extractLibxoStyle, LibxoJson } from './runtime/libxo';
import { hostConfig } from './runtime/stateStore';
import { exportValue, findJail, findParam, KernelJail, kernelParams, notFoundMessage, readJailTable } from './kernel/jailTable';
import { ParamDefinition } from './kernel/paramTable';
import { JlsOutput, TextOutput, JsonOutput } from './jlsOutput';

interface Selected {
  param: ParamDefinition;
  /** The jailsys parent (ip4 for ip4.addr) checked by -s. */
  parent?: ParamDefinition;
}

type Mode = 'default' | 'verbose' | 'values';

function sortAll(params: ParamDefinition[]): ParamDefinition[] {
  // jls.c sort_param: top-level names first, then strcmp order.
  return [...params].sort((a, b) => {
    const aDotted = a.name.includes('.');
    const bDotted = b.name.includes('.');
    if (aDotted !== bDotted) return aDotted ? 1 : -1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

function selectParams(names: string[]): Selected[] {
  const selected: Selected[] = [];
  for (const name of names) {
    const list = name === 'all' ? sortAll(kernelParams()) : [findParam(name)];
    if (list[0] === undefined) fail('jls', `unknown parameter: ${name}`);
    for (const param of list as ParamDefinition[]) {
      if (selected.some((entry) => entry.param.name === param.name)) continue;
      const dot = param.name.indexOf('.');
      const parent = dot > 0 ? findParam(param.name.slice(0, dot)) : undefined;
      selected.push({ param, parent: parent?.type === 'jailsys' ? parent : undefined });
    }
  }
  return selected;
}

export function runJls(argv: string[]): void {
  const { style, rest } = extractLibxoStyle(argv);
  const parsed = parseOptions('jls', rest, 'adj:hNnqsv', 'jls: usage: jls [-dhNnqv] [-j jail] [param ...]');
  let header = false, nameValue = false, quoted = false, skip = false, verbose = false, byName = false;
  let jailKey: string | undefined;
  for (const { flag, value } of parsed.options) {
    switch (flag) {
      case 'j': jailKey = value; break;
      case 'h': header = true; skip = false; verbose = false; break;
      case 'N': byName = true; break;
      case 'n': nameValue = true; verbose = false; break;
      case 'q': quoted = true; break;
      case 's': header = false; verbose = false; nameValue = true; quoted = true; skip = true; break;
      case 'v': header = false; nameValue = false; skip = false; verbose = true; break;
    }
  }
  let mode: Mode = 'values';
  let names = parsed.operands;
  if (names.length === 0) {
    if (header || nameValue) names = ['all'];
    else if (verbose) { mode = 'verbose'; names = ['jid', 'host.hostname', 'path', 'name', 'dying', 'cpuset.id', 'ip4.addr', 'ip6.addr']; }
    else { mode = 'default'; names = [byName ? 'name' : 'jid', 'ip4.addr', 'host.hostname', 'path']; }
  }
  const selected = selectParams(names);
  const jails = readJailTable().jails;
  let shown: KernelJail[] = jails;
  if (jailKey !== undefined) {
    const jail = findJail(jails, jailKey);
    if (!jail) fail('jls', notFoundMessage(jailKey));
    shown = [jail];
  }
  const output: JlsOutput = style === 'json' ? new JsonOutput(new LibxoJson(hostConfig().libxoVersion), hostConfig().libxoVersion) : new TextOutput();
  if (mode === 'verbose') output.verboseHeader();
  else if (mode === 'default') output.defaultHeader(byName);
  else if (header) output.paramHeader(selected.map((entry) => entry.param.name));
  output.begin();
  for (const jail of shown) {
    output.beginJail();
    if (mode === 'verbose') output.verboseRow(jail);
    else if (mode === 'default') output.defaultRow(jail, byName);
    else {
      const visible = selected.filter(({ param, parent }) => !skip
        || (param.access !== 'readonly' && (parent === undefined || jail.params[parent.name] === 'new')));
      output.valuesRow(visible.map(({ param }) => ({ param, value: jail.params[param.name], text: exportValue(param, jail.params[param.name]) })),
        { nameValue, quoted });
    }
    output.endJail();
  }
  process.stdout.write(output.finish());
}

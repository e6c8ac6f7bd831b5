/**
 * jail(8): option parsing and the choice between the command-line form (param=value ...), the config
 * form (jail.conf, one jail, a wildcard or all) and -e, as in jail.c main(); exit 1 when any jail failed.
 */
import { existsSync } from 'node:fs';
import { ToolExit, usage } from '../runtime/exit';
import { parseOptions } from '../runtime/getopt';
import { hostConfig } from '../runtime/stateStore';
import { findJail, KernelJail, readJailTable } from '../kernel/jailTable';
import { Block } from './confParser';
import { ResolvedParam, isWildcardName, wildcardMatches } from './confResolver';
import { ConfigLoadError, configuredJailNames, configuredSpec, dependenciesOf, loadConfig, showJails } from './configuredJails';
import { buildJailSpec, isKnownBoolean, JailSpec } from './jailSpec';
import { JailConfigError } from './confResolver';
import { withoutNo } from './pseudoParams';
import { JailRun, warn } from './jailContext';
import { createJail, needsRestart, removeJail, updateJail } from './lifecycle';

const USAGE = `usage: jail [-dhilqv] [-J jid_file] [-u username] [-U username]
            -[cmr] param=value ... [command=command ...]
       jail [-dqv] [-f file] -[cmr] [jail]
       jail [-qv] [-f file] -[rR] ['*' | jail ...]
       jail [-dhilqv] [-J jid_file] [-u username] [-U username]
            [-n jailname] [-s securelevel]
            path hostname ip[,...] command ...
       jail [-f file] -e separator`;

interface Operation { create: boolean; modify: boolean; remove: boolean; force: boolean }

/** Parameters given as words: name=value, name, noname, and command= swallowing the rest. */
function commandLineParams(words: string[]): ResolvedParam[] {
  const params: ResolvedParam[] = [];
  const set = (name: string, values: string[] | undefined, negated?: boolean, append = false) => {
    const existing = params.find((param) => param.name === name);
    if (existing && append && existing.values && values) existing.values.push(...values);
    else if (existing) Object.assign(existing, { values, negated });
    else params.push({ name, values, negated });
  };
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (/^command(=|$)/.test(word)) {
      const argv = [...(word.includes('=') ? [word.slice(8)] : []), ...words.slice(index + 1)];
      set('command', [argv.map((part) => (/^[\w./:=@%+,-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(' ')]);
      break;
    }
    const equals = word.indexOf('=');
    if (equals < 0) {
      const positive = withoutNo(word);
      if (positive !== undefined && isKnownBoolean(positive)) set(positive, undefined, true);
      else set(word, undefined, false);
      continue;
    }
    const name = word.slice(0, equals);
    const value = word.slice(equals + 1);
    if (name === 'ip4.addr' || name === 'ip6.addr') set(name, value.split(','), undefined, true);
    else set(name, [value]);
  }
  return params;
}

/** jail_quoted_warnx's choice: the configured name, else the jid parameter, else the name parameter. */
function quotedNameOf(spec: JailSpec): string {
  const jid = spec.kernel.get('jid');
  return spec.label ?? (jid !== undefined ? String(jid) : String(spec.kernel.get('name') ?? ''));
}

function runningJailFor(spec: JailSpec): KernelJail | undefined {
  const jails = readJailTable().jails;
  const jid = spec.kernel.get('jid');
  if (typeof jid === 'number' && jid > 0) return jails.find((jail) => jail.jid === jid);
  const name = spec.kernel.get('name');
  return typeof name === 'string' ? jails.find((jail) => jail.name === name) : undefined;
}

/** `wild`: the jail was chosen by "*", a pattern or as a dependency; running ones are then skipped quietly. */
function startOrChange(spec: JailSpec, operation: Operation, verbose: number, printJid: boolean, wild = false): boolean {
  const run: JailRun = { spec, verbose };
  const running = runningJailFor(spec);
  if (running && wild && !operation.modify && !operation.remove) return true;
  const quoted = quotedNameOf(spec);
  if (operation.remove) {
    if (running && (!operation.modify || needsRestart(run, running))) {
      if (!removeJail(run, running, spec.label !== undefined, true)) return false;
      return createJail(run, { printJid });
    }
    if (operation.modify && running) return updateJail(run, running);
    if (!running && operation.create) return createJail(run, { printJid });
    process.stderr.write(`jail: "${quoted}" not found\n`);
    return false;
  }
  if (running && operation.modify) return updateJail(run, running);
  if (running) {
    process.stderr.write(`jail: "${quoted}" already exists\n`);
    return false;
  }
  if (operation.create) return createJail(run, { printJid });
  process.stderr.write(`jail: "${quoted}" not found\n`);
  return false;
}

/** Adds the jails named in "depend" ahead of those that depend on them (config.c dep_setup). */
function withDependencies(blocks: Block[], names: string[]): string[] {
  const ordered: string[] = [];
  const visit = (name: string, trail: string[]) => {
    if (ordered.includes(name) || trail.includes(name)) return;
    for (const dependency of dependenciesOf(blocks, name)) visit(dependency, [...trail, name]);
    ordered.push(name);
  };
  names.forEach((name) => visit(name, []));
  return ordered;
}

function selectConfigured(blocks: Block[], target: string | undefined): string[] | undefined {
  const names = configuredJailNames(blocks);
  if (target === undefined || target === '*') return names;
  if (isWildcardName(target)) return names.filter((name) => wildcardMatches(target, name));
  return names.includes(target) ? [target] : undefined;
}

function removeTargets(targets: string[], blocks: Block[] | undefined, verbose: number, force: boolean): boolean {
  let ok = true;
  const noteRemoved = blocks !== undefined || targets.length > 1 || isWildcardName(targets[0]);
  for (const target of targets) {
    const running = readJailTable().jails;
    const wild = target === '*' || isWildcardName(target);
    const chosen = target === '*' ? running : wild ? running.filter((jail) => wildcardMatches(target, jail.name)) : [findJail(running, target)];
    if (!wild && chosen[0] === undefined) {
      if (verbose >= 0) process.stderr.write(`jail: "${target}" not found\n`);
      ok = false;
      continue;
    }
    // Jails that others depend on are removed after them.
    const stopOrder = blocks ? withDependencies(blocks, configuredJailNames(blocks)).reverse() : [];
    const rank = (jail: KernelJail) => (stopOrder.includes(jail.name) ? stopOrder.indexOf(jail.name) : -1);
    // Children before their parents: removing a parent takes its children with it.
    const depth = (jail: KernelJail) => jail.name.split('.').length;
    for (const jail of [...(chosen as KernelJail[])].sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b))) {
      if (!readJailTable().jails.some((running) => running.jid === jail.jid)) continue;
      const spec = (!force && blocks && configuredJailNames(blocks).includes(jail.name) ? configuredSpec(blocks, jail.name) : undefined)
        ?? buildJailSpec([], jail.name);
      const withCommands = !force && blocks !== undefined && configuredJailNames(blocks).includes(jail.name);
      ok = removeJail({ spec, verbose }, jail, noteRemoved, withCommands) && ok;
    }
  }
  return ok;
}

export function runJail(argv: string[]): void {
  // A jail(8) from before -e does not know the option: getopt refuses it with the usage text.
  const withDump = hostConfig().jailConfigDump !== false;
  const parsed = parseOptions('jail', argv, withDump ? 'cde:f:hiJ:lmn:p:qrRs:u:U:v' : 'cdf:hiJ:lmn:p:qrRs:u:U:v', withDump ? USAGE : USAGE.slice(0, USAGE.lastIndexOf('\n')));
  const operation: Operation = { create: false, modify: false, remove: false, force: false };
  let verbose = 0, printJid = false, configFile = '/etc/jail.conf', separator: string | undefined, usesConfig = true;
  const optionParams: string[] = [];
  for (const { flag, value } of parsed.options) {
    switch (flag) {
      case 'c': operation.create = true; break;
      case 'm': operation.modify = true; break;
      case 'r': operation.remove = true; break;
      case 'R': operation.remove = true; operation.force = true; break;
      case 'd':
        optionParams.push('allow.dying');
        if (Number(hostConfig().release.split('.')[0]) >= 15) process.stderr.write("jail: the 'allow.dying' parameter and '-d' flagare deprecated and have no effect.\n");
        break;
      case 'e': separator = value; break;
      case 'f': configFile = value ?? configFile; break;
      case 'h': optionParams.push('ip_hostname'); usesConfig = false; break;
      case 'i': printJid = true; verbose = -1; break;
      case 'l': optionParams.push('exec.clean'); usesConfig = false; break;
      case 'n': optionParams.push(`name=${value}`); usesConfig = false; break;
      case 'q': verbose = -1; break;
      case 's': optionParams.push(`securelevel=${value}`); usesConfig = false; break;
      case 'u': optionParams.push(`exec.jail_user=${value}`, 'exec.system_jail_user'); usesConfig = false; break;
      case 'U': optionParams.push(`exec.jail_user=${value}`, 'exec.system_jail_user=false'); usesConfig = false; break;
      case 'v': verbose = 1; break;
    }
  }
  const words = parsed.operands;
  const fail = (): never => { throw new ToolExit(1); };
  try {
    if (separator !== undefined) {
      if (operation.create || operation.modify || operation.remove || words.length > 0) usage(USAGE);
      showJails(loadConfig(configFile), separator);
      return;
    }
    if (!operation.create && !operation.modify && !operation.remove) {
      if (words.length < 4 || !words[0].startsWith('/')) usage(USAGE);
      const legacy = commandLineParams([...optionParams, `path=${words[0]}`, `host.hostname=${words[1]}`,
        ...(words[2] ? [`ip4.addr=${words[2]}`] : []), 'command', ...words.slice(3)]);
      if (!startOrChange(buildJailSpec(legacy, undefined), { ...operation, create: true }, verbose, printJid)) fail();
      return;
    }
    if (operation.remove && !operation.create && !operation.modify) {
      if (!usesConfig || words.length === 0) usage(USAGE);
      if (!operation.force && words.some((word) => word.includes('='))) usage(USAGE);
      const blocks = !operation.force && (configFile === '-' || existsSync(configFile)) ? loadConfig(configFile) : undefined;
      if (!removeTargets(words, blocks, verbose, operation.force)) fail();
      return;
    }
    if (words.length > 1 || (words.length === 1 && words[0].includes('='))) {
      if (operation.force) usage(USAGE);
      if (!startOrChange(buildJailSpec(commandLineParams([...optionParams, ...words]), undefined), operation, verbose, printJid)) fail();
      return;
    }
    if (operation.force || !usesConfig) usage(USAGE);
    const blocks = loadConfig(configFile);
    const names = selectConfigured(blocks, words[0]);
    if (names === undefined) {
      process.stderr.write(`jail: "${words[0]}" not found\n`);
      fail();
    }
    let ok = true;
    const chosen = names as string[];
    const wildSelection = words[0] === undefined || words[0] === '*' || isWildcardName(words[0]);
    for (const name of withDependencies(blocks, chosen)) {
      const spec = configuredSpec(blocks, name);
      ok = (spec !== undefined && startOrChange(spec, operation, verbose, printJid, wildSelection || !chosen.includes(name))) && ok;
    }
    if (!ok) fail();
  } catch (error) {
    if (error instanceof ConfigLoadError) {
      process.stderr.write(`jail: ${error.message}\n`);
      fail();
    }
    if (error instanceof JailConfigError) {
      warn({ spec: buildJailSpec([], undefined), verbose }, error.message);
      fail();
    }
    throw error;
  }
}

/**
 * Where a jail is defined, so "Open jail.conf" can put the cursor on its block. The file the inventory names
 * may define it through an `.include` (/etc/jail.conf including /etc/jail.conf.d/*.conf), so includes are
 * followed over the given file system as jail(8) follows them. A nested block's jail name is its parents'
 * names joined with dots (reference §1.7).
 */
import { analyzeFile, ConfigFileSystem } from '../jailconf';
import type { Range } from '../jailconf/text';
import type { RemoteFiles } from './remoteFiles';

export interface JailDefinition {
  file: string;
  /** The block's name. */
  range: Range;
}

export async function locateJailDefinition(rootFile: string, jailName: string, fs: ConfigFileSystem): Promise<JailDefinition | undefined> {
  const analysis = await analyzeFile(rootFile, fs);
  const jail = analysis.configJails.find((j) => j.name === jailName && j.block);
  const lines = jail ? analysis.config.files.get(jail.file)?.lines : undefined;
  if (!jail?.block || !lines) return undefined;
  return { file: jail.file, range: lines.rangeOf(jail.block.name) };
}

/** A host's files as the jail.conf analysis reads includes: text, and directory listings for globs. */
export function remoteConfigFileSystem(files: RemoteFiles): ConfigFileSystem {
  const withCode = (error: unknown): never => {
    const notFound = (error as { kind?: string }).kind === 'not-found';
    throw Object.assign(new Error(error instanceof Error ? error.message : String(error)), { code: notFound ? 'ENOENT' : undefined });
  };
  return {
    readFile: async (path) => (await files.readFile(path).catch(withCode)).toString('utf8'),
    readDirectory: async (path) => (await files.readDirectory(path).catch(withCode)).map(([name, type]) => ({ name, isDirectory: type === 'directory' })),
  };
}

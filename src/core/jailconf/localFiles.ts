// The ConfigFileSystem of the machine this code runs on, for the command-line linter and local editors.
import { promises as fs } from 'node:fs';
import { ConfigFileSystem, DirectoryEntry } from './glob';

export const localFileSystem: ConfigFileSystem = {
  readFile: (path: string) => fs.readFile(path, 'utf8'),
  readDirectory: async (path: string): Promise<DirectoryEntry[]> =>
    (await fs.readdir(path, { withFileTypes: true })).map((e) => ({ name: e.name, isDirectory: e.isDirectory() })),
};

// Runs one TypeScript benchmark module (argv[2]) and prints the lines it returns. Each module exports a
// single async function whose name starts with `bench`.
import * as path from 'node:path';

async function main(): Promise<void> {
  const file = process.argv[2];
  const mod = (await import(path.resolve(file))) as Record<string, unknown>;
  const benches = Object.entries(mod).filter(([name, value]) => name.startsWith('bench') && typeof value === 'function');
  if (benches.length === 0) throw new Error(`${file} exports no bench* function`);
  for (const [, bench] of benches) {
    const lines = await (bench as () => Promise<string[]>)();
    for (const line of lines) console.log(line);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

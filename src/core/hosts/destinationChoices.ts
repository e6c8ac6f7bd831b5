/**
 * The rows of "Add FreeBSD Host…": what the user is typing (an address, or a name OpenSSH will resolve),
 * then the Host aliases of ~/.ssh/config. Hosts already in the view are marked, not hidden, so that the
 * list still matches the config file.
 */
import { formatDestination, parseDestination } from './destination';

export interface DestinationChoice {
  label: string;
  description: string;
  /** What to save in `jails.hosts`; absent when the typed text is not a destination. */
  destination?: string;
  /** The row for the typed text (shown whatever the filter). */
  typed: boolean;
}

export function destinationChoices(aliases: readonly string[], typed: string, saved: readonly string[]): DestinationChoice[] {
  const inView = new Set(saved);
  const mark = (destination: string, description: string) => (inView.has(destination) ? `${description} · already in the Jails view` : description);
  const rows: DestinationChoice[] = [];
  const text = typed.trim();
  if (text !== '' && !aliases.includes(text)) {
    const parsed = parseDestination(text);
    if (parsed.ok) {
      const destination = formatDestination(parsed.destination);
      const what = parsed.destination.kind === 'alias' ? 'a host name (not an alias in ~/.ssh/config)' : 'connect to this address';
      rows.push({ label: destination, description: mark(destination, what), destination, typed: true });
    } else {
      rows.push({ label: text, description: parsed.error, typed: true });
    }
  }
  for (const alias of aliases) rows.push({ label: alias, description: mark(alias, '~/.ssh/config'), destination: alias, typed: false });
  return rows;
}

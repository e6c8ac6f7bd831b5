/**
 * Gives a fresh host the jails its scenario lists (configured in jail.conf, jail.conf.d or Bastille's
 * tree, and started when the seed says so).
 */
import { SimulatedHost } from './index';

export async function seedJails(host: SimulatedHost): Promise<void> {
  if (host.scenario.jails.length === 0) return;
  throw new Error('jail seeds need the simulated jail(8) (#4)');
}

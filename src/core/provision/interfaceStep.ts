/**
 * The cloned loopback interface the jails' addresses live on. Creating it changes /etc/rc.conf, so it is
 * only done with the user's consent, given once, after being told exactly these commands.
 */
import type { PlanStep } from './plan';
import { q, runAsRoot } from './hostScript';
import { hostStep, ProvisionContext } from './hostStep';

export function interfaceCommands(interfaceName: string): string[] {
  return [`ifconfig ${interfaceName} create`, `sysrc cloned_interfaces+="${interfaceName}"`];
}

export function interfaceStep(interfaceName: string): PlanStep<ProvisionContext> {
  const name = q(interfaceName);
  return hostStep(
    'interface',
    `Creating ${interfaceName} (and adding it to cloned_interfaces in /etc/rc.conf)`,
    async (context, signal) => void (await runAsRoot(context.shell, `Creating ${interfaceName}`, `ifconfig ${name} create\nsysrc cloned_interfaces+=${name} >/dev/null`, { signal })),
    async (context) => void (await runAsRoot(context.shell, `Removing ${interfaceName}`,
      `if ifconfig ${name} >/dev/null 2>&1; then ifconfig ${name} destroy; fi\nsysrc cloned_interfaces-=${name} >/dev/null`)),
  );
}

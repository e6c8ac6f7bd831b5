import * as vscode from 'vscode';
import { DestinationChoice, destinationChoices } from '../core/hosts/destinationChoices';
import { listHostAliases } from '../core/ssh/configFiles';
import { LocalSystem } from '../core/ssh/localSystem';

interface ChoiceItem extends vscode.QuickPickItem {
  choice: DestinationChoice;
}

/**
 * A QuickPick of the ~/.ssh/config Host aliases (Includes followed) that also takes a typed
 * `user@host[:port]`. Resolves to the destination to save, or undefined when dismissed.
 */
export async function pickDestination(system: LocalSystem, options: { title: string; value?: string; saved: string[] }): Promise<string | undefined> {
  const aliases = await listHostAliases(system).catch(() => []);
  const pick = vscode.window.createQuickPick<ChoiceItem>();
  pick.title = options.title;
  pick.placeholder = aliases.length > 0 ? 'Pick a Host from ~/.ssh/config, or type user@host[:port]' : 'Type user@host[:port] or a host name';
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  const show = (typed: string) => {
    pick.items = destinationChoices(aliases, typed, options.saved).map((choice) => ({
      label: choice.label,
      description: choice.description,
      iconPath: new vscode.ThemeIcon(choice.destination === undefined ? 'error' : choice.typed ? 'terminal' : 'server'),
      alwaysShow: choice.typed,
      choice,
    }));
  };
  pick.onDidChangeValue(show);
  pick.value = options.value ?? '';
  show(pick.value);
  try {
    return await new Promise<string | undefined>((resolve) => {
      pick.onDidAccept(() => {
        const destination = pick.selectedItems[0]?.choice.destination;
        if (destination !== undefined) resolve(destination);
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}

import * as vscode from 'vscode';
import { PassphraseAnswer, PassphraseMemory } from '../core/ssh/passphraseMemory';
import type { SshPrompts } from '../core/ssh/prompts';

const keepButton = { iconPath: new vscode.ThemeIcon('unlock'), tooltip: 'Keep it in VS Code\'s secret storage for this key file' };
const keptButton = { iconPath: new vscode.ThemeIcon('lock'), tooltip: 'Use it for this connection only' };

/** An input box for a key's passphrase, with a lock button that keeps it in SecretStorage. */
function askPassphrase(keyFile: string, previousWasWrong: boolean): Promise<PassphraseAnswer> {
  const box = vscode.window.createInputBox();
  box.title = previousWasWrong ? `Wrong passphrase; try again for ${keyFile}` : `Passphrase for ${keyFile}`;
  box.password = true;
  box.ignoreFocusOut = true;
  let remember = false;
  const show = () => {
    box.buttons = [remember ? keptButton : keepButton];
    box.prompt = remember
      ? 'Kept in VS Code\'s secret storage for this key file (forgotten if it stops working).'
      : 'Used for this connection only; the lock button keeps it in VS Code\'s secret storage.';
  };
  show();
  return new Promise<PassphraseAnswer>((resolve) => {
    box.onDidTriggerButton(() => {
      remember = !remember;
      show();
    });
    box.onDidAccept(() => resolve({ passphrase: box.value, remember }));
    box.onDidHide(() => resolve({ passphrase: undefined, remember: false }));
    box.show();
  }).finally(() => box.dispose());
}

/** "Forget Stored Key Passphrases": empties what the lock button kept, and says for which key files. */
export function registerPassphraseCommands(secrets: vscode.SecretStorage): vscode.Disposable {
  return vscode.commands.registerCommand('jails.forgetPassphrases', async () => {
    const files = await new PassphraseMemory(secrets, askPassphrase).forgetAll();
    void vscode.window.showInformationMessage(files.length === 0 ? 'No key passphrase was kept.' : `Forgot the passphrases of ${files.join(', ')}.`);
    return files;
  });
}

/**
 * The SSH layer's questions as modals and input boxes. Passwords are passed on once and never kept; a key's
 * passphrase is kept in SecretStorage only when the person asks for it.
 */
export const editorPrompts = (secrets: vscode.SecretStorage): SshPrompts => ({
  async confirmUnknownHostKey(fingerprint, details) {
    const other = details.otherKnownKeyTypes.length > 0 ? ` (known_hosts has a ${details.otherKnownKeyTypes.join(', ')} key for it already)` : '';
    const answer = await vscode.window.showWarningMessage(
      `The authenticity of host ${details.target} can't be established.`,
      {
        modal: true,
        detail: `${details.keyType} key fingerprint is ${fingerprint}${other}.\n\nCompare it with \`ssh-keygen -lf /etc/ssh/ssh_host_${details.keyType.replace(/^ssh-/, '')}_key.pub\` on the host. Trusting it adds it to known_hosts as ${details.knownHostsName}.`,
      },
      'Trust and Connect',
    );
    return answer === 'Trust and Connect';
  },
  passphrase: new PassphraseMemory(secrets, askPassphrase).passphrase,
  password: (target, user, attempt) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: attempt > 1 ? `Permission denied; password for ${user}@${target} again` : `Password for ${user}@${target}`,
        password: true,
        ignoreFocusOut: true,
      }),
    ),
  async keyboardInteractive(target, request) {
    const answers: string[] = [];
    for (const prompt of request.prompts) {
      const answer = await vscode.window.showInputBox({
        title: request.name || `SSH login to ${target}`,
        prompt: [request.instructions, prompt.prompt].filter(Boolean).join(' — '),
        password: !prompt.echo,
        ignoreFocusOut: true,
      });
      if (answer === undefined) return undefined;
      answers.push(answer);
    }
    return answers;
  },
});

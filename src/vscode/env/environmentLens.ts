/** "Up", "Down" and "Open" above each environment of a valid `.jails.yaml`. */
import * as vscode from 'vscode';
import { parseEnvironmentFile } from '../../core/env/environmentFile';

export function registerEnvironmentLens(): vscode.Disposable {
  const provider: vscode.CodeLensProvider = {
    provideCodeLenses(document) {
      const { environments } = parseEnvironmentFile(document.getText());
      return environments.flatMap((environment) => {
        const range = new vscode.Range(environment.line, 0, environment.line, 0);
        const args = [document.uri, environment.name];
        return [
          new vscode.CodeLens(range, { title: 'Up', command: 'jails.up', arguments: args, tooltip: `Create or update ${environment.name} on ${environment.host}` }),
          new vscode.CodeLens(range, { title: 'Down', command: 'jails.down', arguments: args, tooltip: `Destroy ${environment.name}'s jail` }),
          new vscode.CodeLens(range, { title: 'Open', command: 'jails.openEnvironment', arguments: args, tooltip: 'Open its page through an SSH tunnel' }),
        ];
      });
    },
  };
  return vscode.languages.registerCodeLensProvider([{ pattern: '**/.jails.yaml' }, { pattern: '**/.jails.yml' }], provider);
}

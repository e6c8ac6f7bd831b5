/**
 * yaml and ajv, loaded when the first `.jails.yaml` is read instead of with the extension: setting up their
 * modules took about 30 ms of activation in every window, with a `.jails.yaml` or without one.
 */
import type AjvClass from 'ajv';
import type * as Yaml from 'yaml';

let yamlModule: typeof Yaml | undefined;
let ajvModule: typeof AjvClass | undefined;

// A require inside the function is what keeps the bundler from running these modules at load time.
/* eslint-disable @typescript-eslint/no-require-imports */
export function yaml(): typeof Yaml {
  yamlModule ??= require('yaml') as typeof Yaml;
  return yamlModule;
}

export function ajvConstructor(): typeof AjvClass {
  ajvModule ??= (require('ajv') as { default: typeof AjvClass }).default;
  return ajvModule;
}
/* eslint-enable @typescript-eslint/no-require-imports */

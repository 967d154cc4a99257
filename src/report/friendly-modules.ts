/**
 * Where the text report finds eslint-formatter-friendly and the three modules of its own dependencies that it
 * reaches into (`@babel/code-frame` and `@babel/highlight`, whose functions it wraps, and the `chalk` the package
 * colours with, which it switches on and off): each resolved from the package's own folder, so that they are the
 * very modules the package uses, and loaded only when asked for (the wrapping must happen before the package loads).
 *
 * Here they are loaded from node_modules with `require`. The bundle (scripts/bundle.mjs) replaces this module by
 * one with the same exports that has the same files compiled into the text report's chunk, resolved the same way
 * at build time: one file read instead of the package's 17 CommonJS modules.
 */
import { createRequire } from 'node:module';

import type friendlyFormatter from 'eslint-formatter-friendly';

export interface FriendlyModules {
  /** The package's export, the formatter. */
  friendly(): typeof friendlyFormatter;
  /** `@babel/code-frame`, as the package requires it. */
  codeFrame(): unknown;
  /** `@babel/highlight`, as `@babel/code-frame` requires it. */
  highlight(): unknown;
  /** `chalk`, as the package requires it. */
  chalk(): unknown;
}

const ownRequire = createRequire(import.meta.url);
const fromPackage = (): NodeJS.Require => createRequire(ownRequire.resolve('eslint-formatter-friendly'));

export const friendlyModules: FriendlyModules = {
  friendly: () => ownRequire('eslint-formatter-friendly') as typeof friendlyFormatter,
  codeFrame: () => fromPackage()('@babel/code-frame'),
  highlight: () => createRequire(fromPackage().resolve('@babel/code-frame'))('@babel/highlight'),
  chalk: () => fromPackage()('chalk'),
};

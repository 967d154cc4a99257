/** The template parameters given on the command line (`--parameters`, `--parameter-overrides`), for lint and `explain`. */
import { relative, resolve } from 'node:path';
import { looksLikeOverride, mergeParameters, overridesFromWords, ParameterError, readParametersFile, type GivenParameters } from '../resolve/parameters.js';
import { UsageError, type CliIO } from './io.js';

/**
 * The template parameters given on the command line (samconfig, per template, comes under them in the run):
 * --parameters FILE < --parameter-overrides. Words after --parameter-overrides that are not Key=Value pairs are
 * paths (commander's variadic option takes them); they are returned as `paths`.
 */
export function givenParameters(
  options: { parameterOverrides?: string[]; parameters?: string; maxFileSize: number },
  io: CliIO,
): { given: GivenParameters; paths: string[] } {
  const overrideWords = (options.parameterOverrides ?? []).filter(looksLikeOverride);
  const paths = (options.parameterOverrides ?? []).filter((w) => !looksLikeOverride(w));
  try {
    const given = mergeParameters(
      options.parameters ? readParametersFile(resolve(io.cwd, options.parameters), { maxBytes: options.maxFileSize }) : undefined,
      overridesFromWords(overrideWords),
    );
    return { given, paths };
  } catch (error) {
    if (!(error instanceof ParameterError)) throw error;
    const where = error.file ? `--parameters ${relative(io.cwd, error.file) || error.file}${error.line ? `:${error.line}:${error.column}` : ''}` : '--parameter-overrides';
    throw new UsageError(`${where}: ${error.message}`);
  }
}

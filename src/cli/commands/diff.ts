// `ltds diff`, `ltds apply`, `ltds invert`: Difference Models per file, or per case (zip/folder,
// files matched by their declared profiles).

import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import type { CimInput } from '../../cim-xml/inputs.js';
import type { CimModel } from '../../cim-xml/model.js';
import { LtdsError } from '../../errors/index.js';
import { EXIT_FAILURE } from '../failure.js';

/** The reader, writer and diff modules, loaded on first use so that other commands start quickly. */
async function libs() {
  const [inputs, writer, diff, atomic] = await Promise.all([import('../../cim-xml/inputs.js'), import('../../cim-xml/writer.js'), import('../../diff/index.js'), import('../../io/atomic-file.js')]);
  return { ...inputs, ...writer, ...diff, ...atomic };
}

async function loadOne(arg: string): Promise<{ input: CimInput; model: CimModel }> {
  const { expandInputs, loadCimInput } = await libs();
  const inputs = await expandInputs([arg]);
  if (inputs.length !== 1) throw new LtdsError('USAGE', `${arg} holds ${inputs.length} CIM documents; give one file (or use a zip/folder on both sides of diff)`, { input: arg });
  return { input: inputs[0]!, model: await loadCimInput(inputs[0]!) };
}

/** Writes a model to a file atomically, or to standard output. */
async function output(model: CimModel, path: string | undefined): Promise<void> {
  const { writeCimModel, writeAtomically } = await libs();
  if (path === undefined) {
    const parts: string[] = [];
    writeCimModel(model, (s) => parts.push(s));
    process.stdout.write(parts.join(''));
    return;
  }
  writeAtomically(path, (write) => writeCimModel(model, write));
}

function profileKey(model: CimModel): string {
  return [...(model.header?.profiles ?? [])].sort().join(' ');
}

/** The base file sharing the most profile IRIs with `next` (a file may add e.g. the Operation profile). */
function matchByProfile<T extends { model: CimModel }>(next: CimModel, bases: T[]): T | undefined {
  const wanted = new Set(next.header?.profiles ?? []);
  let best: T | undefined;
  let bestScore = 0;
  for (const b of bases) {
    const score = (b.model.header?.profiles ?? []).filter((p) => wanted.has(p)).length;
    if (score > bestScore) {
      best = b;
      bestScore = score;
    }
  }
  return best;
}

const HEADER_READ = Symbol('header read');

/** The profile IRIs an input's header declares (the read stops at the header). */
async function declaredProfiles(input: CimInput): Promise<string[]> {
  const { readCimInput } = await libs();
  let profiles: string[] = [];
  try {
    await readCimInput(input, {
      header: (h) => {
        profiles = h.profiles.flatMap((p) => p.trim().split(/(?=https?:\/\/)/)).filter((p) => p !== '' && !/\/61970-552\/DifferenceModel\/\d+$/.test(p));
        throw HEADER_READ;
      },
      object: () => {
        throw HEADER_READ;
      },
    });
  } catch (err) {
    if (err !== HEADER_READ) throw err;
  }
  return profiles;
}

/**
 * Two files to diff describe the same kind of model: no shared profile IRI (EQ against SSH) is
 * refused, unless forced; a partial overlap (one adds the Operation profile) is noted on stderr.
 */
async function checkSameProfiles(base: CimInput, next: CimInput, force: boolean): Promise<void> {
  const a = await declaredProfiles(base);
  const b = await declaredProfiles(next);
  if (a.length === 0 || b.length === 0) return;
  const shared = a.filter((p) => b.includes(p));
  if (shared.length === 0) {
    const message = `${base.name} declares ${a.join(', ')} and ${next.name} declares ${b.join(', ')}: they share no profile, so their difference is not a Difference Model of either`;
    if (!force) throw new LtdsError('DIFF_PROFILE_MISMATCH', `${message} (--force diffs them anyway)`, { base: base.name, new: next.name });
    process.stderr.write(`ltds: warning: ${message}\n`);
  } else if (shared.length !== a.length || shared.length !== b.length) {
    process.stderr.write(`ltds: warning: ${base.name} declares ${a.join(', ')}; ${next.name} declares ${b.join(', ')}: the profiles differ\n`);
  }
}

interface DiffOpts {
  force?: boolean;
  output?: string;
  summary?: boolean;
  json?: boolean;
  exact?: boolean;
  created?: string;
  id?: string;
}

async function diffCommand(baseArg: string, nextArg: string, opts: DiffOpts): Promise<void> {
  const { expandInputs, loadCimInput, diffCimInputs, diffModels, summariseDifference, formatSummary } = await libs();
  const baseInputs = await expandInputs([baseArg]);
  const nextInputs = await expandInputs([nextArg]);
  const options = { exact: opts.exact === true, ...(opts.created ? { created: opts.created } : {}), ...(opts.id ? { id: opts.id } : {}) };
  if (baseInputs.length === 1 && nextInputs.length === 1) {
    await checkSameProfiles(baseInputs[0]!, nextInputs[0]!, opts.force === true);
    const { diff: d, classOf } = await diffCimInputs(baseInputs[0]!, nextInputs[0]!, options);
    const summary = summariseDifference(d, classOf);
    if (opts.json) process.stdout.write(JSON.stringify({ base: baseInputs[0]!.name, new: nextInputs[0]!.name, id: d.header?.id, summary }, null, 2) + '\n');
    else if (opts.summary) process.stdout.write(formatSummary(summary) + '\n');
    if (opts.output !== undefined || (!opts.summary && !opts.json)) await output(d, opts.output);
    return;
  }
  // A case (zip or folder) on each side: one Difference Model per profile file, matched by profile.
  if (opts.output === undefined) throw new LtdsError('USAGE', 'diff of zips or folders writes one file per profile: give -o <folder>', {});
  if (options.id !== undefined) throw new LtdsError('USAGE', '--id names a single Difference Model; leave it out for zips or folders', {});
  const bases: { input: CimInput; model: CimModel }[] = [];
  for (const input of baseInputs) bases.push({ input, model: await loadCimInput(input) });
  mkdirSync(opts.output, { recursive: true });
  const results: unknown[] = [];
  for (const input of nextInputs) {
    const next = await loadCimInput(input);
    const base = matchByProfile(next, bases);
    if (!base) throw new LtdsError('USAGE', `${input.name} declares profiles [${profileKey(next)}] that no file of ${baseArg} shares`, { file: input.name });
    const d = diffModels(base.model, next, options);
    const name = basename(input.entry ?? input.path).replace(/\.xml$/i, '') + '_DIFF.xml';
    await output(d, join(opts.output, name));
    const summary = summariseDifference(d, base.model);
    results.push({ base: base.input.name, new: input.name, output: join(opts.output, name), id: d.header?.id, summary });
    if (opts.summary && !opts.json) process.stdout.write(`${input.name} → ${join(opts.output, name)}\n${formatSummary(summary)}\n\n`);
  }
  if (opts.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
}

/** Registers `diff`, `apply` and `invert`. */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('compute the Difference Model that turns <base> into <new> (per file, or per profile file of two zips/folders)')
    .argument('<base>', 'base Full Model: a file, archive.zip:entry, or a zip/folder')
    .argument('<new>', 'new Full Model (same kinds as base)')
    .option('-o, --output <path>', 'write the Difference Model here (a folder for zips/folders); default standard output')
    .option('--summary', 'print objects added/removed/changed per class and the changed properties (old → new)')
    .option('--json', 'print the summary as JSON')
    .option('--exact', 'compare literals exactly as written (by default 1.0 and 1 are the same number)')
    .option('--created <timestamp>', 'Model.created of the Difference Model (default now)')
    .option('--id <uuid>', 'model id of the Difference Model (default derived from the two model ids)')
    .option('--force', 'diff two files that share no profile (EQ against SSH), which is otherwise refused')
    .addHelpText(
      'after',
      `
The Difference Model (IEC 61970-552): header dm:DifferenceModel with Model.Supersedes = the base
model's id and DependentOn/profiles/scenarioTime from the new model; new objects appear whole and
typed in forwardDifferences, removed objects whole and typed in reverseDifferences, changed objects
as rdf:Description holding only the changed statements (old values reverse, new values forward).

Examples:
  $ ltds diff base/EQ.xml project/EQ.xml -o project/EQ_DIFF.xml
  $ ltds diff base/EQ.xml project/EQ.xml --summary
  $ ltds diff LTDS_DEMO_2026-02_FaultLevel_v1.zip project-folder/ -o diffs/ --json`,
    )
    .action(diffCommand);

  program
    .command('apply')
    .description('apply a Difference Model to its base: (base − reverse) ∪ forward')
    .argument('<base>', 'the base Full Model')
    .argument('<diff>', 'the Difference Model')
    .option('-o, --output <file>', 'write the result here; default standard output')
    .option('--force', 'write the result even when the Difference Model does not match the base')
    .option('--json', 'print the mismatches as JSON')
    .addHelpText(
      'after',
      `
Refuses — listing every mismatch (a reverse statement not in the base, a forward statement already
present, a Model.Supersedes that is not the base) and writing nothing — unless --force is given.
Exit status 1 when it refuses.

Examples:
  $ ltds apply base/EQ.xml project/EQ_DIFF.xml -o project/EQ.xml`,
    )
    .action(async (baseArg: string, diffArg: string, opts: { output?: string; force?: boolean; json?: boolean }) => {
      const base = await loadOne(baseArg);
      const diff = await loadOne(diffArg);
      if (diff.model.header?.kind !== 'DifferenceModel') throw new LtdsError('USAGE', `${diff.input.name} is not a Difference Model (its header is ${diff.model.header?.kind ?? 'missing'})`, { file: diff.input.name });
      const { applyDifference } = await libs();
      const { model, mismatches } = applyDifference(base.model, diff.model);
      if (opts.json) process.stdout.write(JSON.stringify({ mismatches }, null, 2) + '\n');
      for (const m of mismatches) process.stderr.write(`${diff.input.name}:${m.line}:${m.column}: ${opts.force ? 'warning' : 'error'} ${m.kind}: ${m.message}\n`);
      if (mismatches.length > 0 && !opts.force) {
        process.stderr.write(`ltds: ${mismatches.length} mismatch(es) between ${diff.input.name} and ${base.input.name}; nothing written (use --force to apply anyway)\n`);
        process.exitCode = EXIT_FAILURE;
        return;
      }
      if (!opts.json || opts.output !== undefined) await output(model, opts.output);
    });

  program
    .command('invert')
    .description('invert a Difference Model (forward and reverse swap)')
    .argument('<diff>', 'the Difference Model')
    .option('-o, --output <file>', 'write the inverse here; default standard output')
    .option('--created <timestamp>', 'Model.created of the inverse (default: that of the input)')
    .addHelpText('after', '\nExample:\n  $ ltds invert project/EQ_DIFF.xml -o project/EQ_UNDO.xml')
    .action(async (diffArg: string, opts: { output?: string; created?: string }) => {
      const diff = await loadOne(diffArg);
      if (diff.model.header?.kind !== 'DifferenceModel') throw new LtdsError('USAGE', `${diff.input.name} is not a Difference Model`, { file: diff.input.name });
      const { invertDifference } = await libs();
      await output(invertDifference(diff.model, opts.created ? { created: opts.created } : {}), opts.output);
    });
}

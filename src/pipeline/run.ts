// `ltds pipeline run`: for each publication of each definition, the steps (cases → differences →
// case report → package → manifest), then an atomic publish: the version folder is built under
// out/.staging and renamed into place; the catalog is rebuilt from disk afterwards, so it never
// points at a missing folder. Unchanged inputs do no work; a published version is immutable.
// Areas run in parallel up to the core count; publications of one area run in order.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { LtdsError } from '../errors/index.js';
import { toolkitVersion } from '../io/toolkit-version.js';
import { cleanLeftovers, hashFile, lockOut, writeFileAtomic } from './fs-util.js';
import { writeCatalog, type SkippedPublication } from './catalog.js';
import { comparePublications, cycleOf, publicationPath } from '../publication/index.js';
import { holdAt } from './hold.js';
import { eachLimited } from './limit.js';
import { displayPath, type PipelineDefinition, type PublicationJob } from './definition.js';
import { defaultSteps, manifestStep, type FileDigest, type PipelineStep, type StepContext, type StepProgress } from './steps.js';

/** What happened to one publication. */
export type PublicationStatus = 'published' | 'unchanged' | 'failed' | 'refused';

/** The result of one publication. */
export interface PublicationResult {
  area: string;
  year: number;
  period: string;
  version: number;
  status: PublicationStatus;
  /** The version folder, relative to out. */
  path: string;
  /** For failed runs: the report explaining why (relative to out); for refused ones, the message. */
  report?: string;
  message?: string;
  errors?: number;
  ms: number;
}

/** Events for progress display (a bar on a TTY, JSON lines otherwise). */
export type PipelineEvent =
  | ({ type: 'progress'; area: string; cycle: string; version: number } & StepProgress)
  | { type: 'step'; area: string; cycle: string; version: number; step: string; ms: number }
  | ({ type: 'publication' } & PublicationResult)
  /** A version folder under out/ whose manifest.json is corrupt: left out of index.json (reported once per run). */
  | ({ type: 'catalog-skipped' } & SkippedPublication);

/** Options of {@link runPipelines}. */
export interface RunOptions {
  out: string;
  /** The steps before the manifest (default {@link defaultSteps}); validation and heatmap plug in here. */
  steps?: PipelineStep[];
  /** How many areas at once (default: the core count). */
  concurrency?: number;
  onEvent?: (e: PipelineEvent) => void;
}

/** Every input file of a publication. */
export function inputsOf(job: PublicationJob): string[] {
  const files = job.cases.flatMap((c) => c.files.map((f) => f.path));
  for (const p of job.projects) for (const set of [p.base, p.target ?? {}, p.differences ?? {}]) files.push(...Object.values(set));
  return files;
}

/** A hash of everything a publication is made from: its definition, the inputs' bytes, the tool version, the steps. */
async function fingerprint(job: PublicationJob, steps: readonly PipelineStep[]): Promise<string> {
  const h = createHash('sha256');
  const { definitionFile: _f, baseDir: _b, ...rest } = job;
  h.update(JSON.stringify({ tool: toolkitVersion(), steps: steps.map((s) => s.name), job: rest }, (k, v: unknown) => (k === 'path' && typeof v === 'string' ? displayPath(job, v) : v)));
  for (const file of inputsOf(job)) {
    h.update(displayPath(job, file));
    h.update(existsSync(file) ? (await hashFile(file)).sha256 : 'missing');
  }
  return h.digest('hex');
}

/** Runs one publication; never throws for findings (they make it 'failed'). */
export async function runPublication(job: PublicationJob, out: string, steps: readonly PipelineStep[], emit: (e: PipelineEvent) => void): Promise<PublicationResult> {
  const started = performance.now();
  const rel = publicationPath(job);
  const target = join(out, job.area, cycleOf(job), `v${job.version}`);
  const statePath = join(out, '.state', job.area, cycleOf(job), `v${job.version}.json`);
  const base = { area: job.area, year: job.year, period: job.period, version: job.version, path: rel };
  const result = (status: PublicationStatus, more: Partial<PublicationResult> = {}): PublicationResult => {
    const r = { ...base, status, ...more, ms: Math.round(performance.now() - started) };
    emit({ type: 'publication', ...r });
    return r;
  };
  const fp = await fingerprint(job, steps);
  if (existsSync(join(target, 'manifest.json')) && existsSync(statePath)) {
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as { fingerprint?: string };
    if (state.fingerprint === fp) return result('unchanged');
  }

  const root = join(out, '.staging', `${job.area}-${cycleOf(job)}-v${job.version}-${process.pid}-${Date.now()}`);
  const staging = join(root, 'pub');
  const work = join(root, 'work');
  mkdirSync(staging, { recursive: true });
  mkdirSync(work, { recursive: true });
  const published = new Map<string, { caseToken: string | null; known?: FileDigest }>();
  let rejected: { step: string; errors: number; report: string } | undefined;
  const ctx: StepContext = {
    job, staging, work, cases: [], findings: [],
    inputs: () => inputsOf(job),
    addFile: (path, caseToken, known) => published.set(path, known === undefined ? { caseToken } : { caseToken, known }),
    reject: (step, errors, report) => {
      rejected ??= { step, errors, report };
    },
    progress: (p) => {
      emit({ type: 'progress', area: job.area, cycle: cycleOf(job), version: job.version, ...p });
      if (p.step === 'package' && p.done > 0 && p.done < p.total) holdAt('zip');
    },
  };
  try {
    for (const step of [...steps, manifestStep(() => published)]) {
      const t0 = performance.now();
      await step.run(ctx);
      emit({ type: 'step', area: job.area, cycle: cycleOf(job), version: job.version, step: step.name, ms: Math.round(performance.now() - t0) });
      if (rejected) break;
    }
    if (rejected) {
      // Nothing is published; the reports go where people can read them.
      const failedDir = join(out, '.failed', job.area, cycleOf(job), `v${job.version}`);
      rmSync(failedDir, { recursive: true, force: true });
      mkdirSync(dirname(failedDir), { recursive: true });
      renameSync(staging, failedDir);
      return result('failed', { report: relative(out, join(failedDir, rejected.report)).split('\\').join('/'), errors: rejected.errors });
    }
    if (existsSync(target)) {
      const before = existsSync(join(target, 'manifest.json')) ? readFileSync(join(target, 'manifest.json')) : undefined;
      const now = readFileSync(join(staging, 'manifest.json'));
      if (before !== undefined && before.equals(now)) {
        writeState(statePath, fp);
        return result('unchanged');
      }
      const message = `${job.area} ${cycleOf(job)} version ${job.version} is already published with different content (${rel}); a published version is never overwritten — publish the correction as version ${job.version + 1}`;
      return result('refused', { message });
    }
    publishFolder(staging, target, out, root);
    writeState(statePath, fp);
    return result('published');
  } finally {
    // Clean-up must not replace the outcome: a failure here is only worth a retry next run (cleanLeftovers).
    try {
      rmSync(root, { recursive: true, force: true });
    } catch {
      // left for cleanLeftovers
    }
  }
}

function writeState(path: string, fp: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, JSON.stringify({ fingerprint: fp }) + '\n');
}

/**
 * Renames the finished version folder into place with one rename: if the area or cycle folder
 * does not exist yet, the staged tree is built up to it and that top folder is renamed instead, so
 * no empty half-path is left behind by a kill.
 */
function publishFolder(staging: string, target: string, out: string, root: string): void {
  const parts = relative(out, target).split(/[\\/]/);
  let top = 0;
  while (top < parts.length - 1 && existsSync(join(out, ...parts.slice(0, top + 1)))) top++;
  if (top === parts.length - 1) {
    renameSync(staging, target);
    return;
  }
  const wrapped = join(root, 'tree', ...parts);
  mkdirSync(dirname(wrapped), { recursive: true });
  renameSync(staging, wrapped);
  holdAt('rename');
  renameSync(join(root, 'tree', ...parts.slice(0, top + 1)), join(out, ...parts.slice(0, top + 1)));
}

/** Runs every publication of every definition; rebuilds the catalog; returns one result per publication. */
export async function runPipelines(definitions: readonly PipelineDefinition[], options: RunOptions): Promise<PublicationResult[]> {
  const out = options.out;
  const steps = options.steps ?? defaultSteps();
  const emit = options.onEvent ?? (() => undefined);
  const release = lockOut(out);
  try {
    cleanLeftovers(out);
    holdAt('locked');
    const byArea = new Map<string, PublicationJob[]>();
    for (const d of definitions) for (const p of d.publications) byArea.set(p.area, [...(byArea.get(p.area) ?? []), p]);
    const seen = new Set<string>();
    for (const jobs of byArea.values()) {
      for (const j of jobs) {
        const key = publicationPath(j);
        if (seen.has(key)) throw new LtdsError('PIPELINE_DEFINITION', `${key} is defined twice (in ${j.definitionFile})`, { publication: key });
        seen.add(key);
      }
    }
    const results: PublicationResult[] = [];
    // Areas side by side; if one throws, no new area starts and the lock is released only once
    // every area already running has finished.
    await eachLimited([...byArea.values()], options.concurrency ?? cpus().length, async (jobs) => {
      for (const job of jobs) {
        const r = await runPublication(job, out, steps, emit);
        results.push(r);
        // The catalog follows each publication (synchronous: runs never interleave inside it).
        if (r.status === 'published') {
          holdAt('catalog');
          writeCatalog(out);
        }
      }
    });
    writeCatalog(out, (s) => emit({ type: 'catalog-skipped', ...s }));
    results.sort(comparePublications);
    releaseLock(release, out);
    return results;
  } catch (err) {
    // The error that stopped the run is the one reported; a lock that cannot be released as well is secondary.
    try {
      release();
    } catch {
      // the run's own error stands
    }
    throw err;
  }
}

/** Releases the lock after a successful run; a failure to do so is a coded error naming the lock. */
function releaseLock(release: () => void, out: string): void {
  try {
    release();
  } catch (err) {
    throw new LtdsError('OUTPUT_WRITE', `the run completed, but its lock ${join(out, '.lock')} could not be removed (${(err as Error).message}); remove it by hand`, { path: join(out, '.lock') }, {}, err);
  }
}

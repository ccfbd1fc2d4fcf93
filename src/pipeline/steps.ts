// The steps of one publication, in order. Each step reads and extends a shared context; a step that
// finds errors rejects the publication (with the report that explains why) and the runner stops.
// Other capabilities plug in as steps: validation (`validateInputs`, reports/validation.*) after
// `cases`, and the heatmap (heatmap/*) after `package` — see {@link insertStep}.

import { mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { expandInputs, loadCimInput } from '../cim-xml/inputs.js';
import { writeCimModel } from '../cim-xml/writer.js';
import {
  caseDateTime, caseDefinition, checkCase, countFindings, describeCaseFile, formatCaseName, formatFindingsText, writeDeterministicZip,
  type CaseDefinition, type CaseFile, type CaseFinding, type ProfileKeyword, type WrittenZip,
} from '../cases/index.js';
import { applyDifference, diffCimInputs } from '../diff/index.js';
import { LtdsError } from '../errors/index.js';
import { writeAtomically } from '../io/atomic-file.js';
import { displayPath, type PublicationJob } from './definition.js';
import { hashFile, writeFileAtomic } from './fs-util.js';
import { eachLimited } from './limit.js';
import { manifestJson, manifestModelId, type Manifest } from '../publication/index.js';

/** A case being prepared for publication. */
export interface PreparedCase {
  /** The final case token (GBMaximum_<date-time> completed from the scenario time). */
  token: string;
  definition: CaseDefinition;
  files: CaseFile[];
  projectId: string | null;
  /** Zip file name, once packaged. */
  zip?: string;
}

/** Progress of a step: `done` of `total` bytes or items. */
export interface StepProgress {
  step: string;
  done: number;
  total: number;
  unit: 'bytes' | 'items';
}

/** What every step sees. */
export interface StepContext {
  job: PublicationJob;
  /** The version folder being built (renamed into place when every step has passed). */
  staging: string;
  /** Scratch space that is not published (computed Difference Models live here). */
  work: string;
  cases: PreparedCase[];
  /** Findings of the case checks (reports/cases.*). */
  findings: CaseFinding[];
  /** Every input file of the publication. */
  inputs(): string[];
  /**
   * Registers a published file (relative to the version folder) for the manifest; `known` is its
   * size and SHA-256 when the step computed them while writing (the manifest step hashes the rest).
   */
  addFile(path: string, caseToken: string | null, known?: FileDigest): void;
  /** Stops the publication: `errors` errors, explained in `report` (relative to the version folder). */
  reject(step: string, errors: number, report: string): void;
  progress(p: StepProgress): void;
}

/** One step. */
export interface PipelineStep {
  name: string;
  run(ctx: StepContext): Promise<void>;
}

/** The files of a set, as case inputs `<PROFILE>.xml`. */
async function describeAll(ctx: StepContext, step: string, list: { profile: ProfileKeyword; path: string }[], done: { n: number }, total: number): Promise<CaseFile[]> {
  const out: CaseFile[] = [];
  for (const f of list) {
    const start = done.n;
    const onBytes = total > 0 ? (n: number): void => ctx.progress({ step, done: start + n, total, unit: 'bytes' }) : undefined;
    out.push(await describeCaseFile(f.path, `${f.profile}.xml`, onBytes));
    done.n = start + statSync(f.path).size;
  }
  return out;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function relativeFindings(ctx: StepContext, findings: CaseFinding[]): CaseFinding[] {
  return findings.map((f) => (f.file === undefined ? f : { ...f, file: displayPath(ctx.job, f.file) }));
}

/** Reads every Full Model case's files and checks each case (file set, profiles, headers, DependentOn). */
export const casesStep: PipelineStep = {
  name: 'cases',
  async run(ctx) {
    const job = ctx.job;
    const total = job.cases.reduce((a, c) => a + c.files.reduce((b, f) => b + sizeOf(f.path), 0), 0);
    const done = { n: 0 };
    ctx.progress({ step: 'cases', done: 0, total, unit: 'bytes' });
    for (const c of job.cases) {
      const missing = c.files.filter((f) => sizeOf(f.path) === 0 && !exists(f.path));
      if (missing.length > 0) {
        for (const m of missing) ctx.findings.push({ severity: 'error', rule: 'case-file-missing', message: `${m.profile}.xml: no such file ${displayPath(job, m.path)}`, case: c.token, file: displayPath(job, m.path) });
        continue;
      }
      const files = await describeAll(ctx, 'cases', c.files, done, total);
      let token = c.token;
      if (c.definition.token === 'dateTime' && !token.includes('_')) {
        const t = files.find((f) => f.profile === 'SSH')?.header?.scenarioTime ?? files[0]?.header?.scenarioTime;
        if (t === undefined) {
          ctx.findings.push({ severity: 'error', rule: 'case-date-time', message: `the ${token} case needs a scenarioTime to be named by (none of its files has one)`, case: token });
          continue;
        }
        token = `${token}_${caseDateTime(t)}`;
      }
      const resolved = { definition: c.definition, ...(c.definition.token === 'dateTime' ? { dateTime: token.slice(token.indexOf('_') + 1) } : {}) };
      ctx.findings.push(...relativeFindings(ctx, checkCase(resolved, files, { area: job.area, token, ...(job.authority ? { authority: job.authority } : {}) })));
      ctx.cases.push({ token, definition: c.definition, files, projectId: null });
    }
  },
};

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Development Projects: computes the Difference Models of target against base (or takes ready-made
 * ones), checks that each applies cleanly to its base file, and checks the project as a case.
 */
export const differencesStep: PipelineStep = {
  name: 'differences',
  async run(ctx) {
    const job = ctx.job;
    const def = caseDefinition('Project') as CaseDefinition;
    let n = 0;
    for (const p of job.projects) {
      ctx.progress({ step: 'differences', done: n, total: job.projects.length, unit: 'items' });
      const dir = join(ctx.work, p.id);
      mkdirSync(dir, { recursive: true });
      const files: { profile: ProfileKeyword; path: string }[] = [];
      let broken = false;
      for (const profile of def.files) {
        const basePath = p.base[profile]!;
        const given = p.differences?.[profile];
        const targetPath = p.target?.[profile];
        const needed = [basePath, given ?? targetPath].filter((x): x is string => x !== undefined);
        const absent = needed.filter((x) => !exists(x));
        if (absent.length > 0) {
          for (const a of absent) ctx.findings.push({ severity: 'error', rule: 'case-file-missing', message: `${profile}: no such file ${displayPath(job, a)}`, case: p.id, file: displayPath(job, a) });
          broken = true;
          continue;
        }
        const [base] = await expandInputs([basePath]);
        let diffPath = given;
        if (diffPath === undefined && targetPath !== undefined) {
          // The Difference Model takes the target's id and created time, so re-runs give the same
          // bytes and files that depend on the target model resolve to the Difference Model.
          const [target] = await expandInputs([targetPath]);
          const targetHeader = (await loadHeader(targetPath));
          const { diff } = await diffCimInputs(base!, target!, {
            ...(targetHeader?.id ? { id: targetHeader.id } : {}),
            ...(targetHeader?.created ? { created: targetHeader.created } : {}),
          });
          diffPath = join(dir, `${profile}.xml`);
          writeAtomically(diffPath, (write) => writeCimModel(diff, write));
        }
        if (diffPath === undefined) continue;
        // Applies cleanly: every reverse statement in the base, no forward statement already there, right base.
        const [diffInput] = await expandInputs([diffPath]);
        const applied = applyDifference(await loadCimInput(base!), await loadCimInput(diffInput!));
        for (const m of applied.mismatches.slice(0, 20)) {
          ctx.findings.push({ severity: 'error', rule: 'case-difference-apply', message: `${profile}.xml does not apply to its base ${displayPath(job, basePath)}: ${m.kind}: ${m.message}`, case: p.id, file: displayPath(job, given ?? basePath) });
        }
        if (applied.mismatches.length > 20) ctx.findings.push({ severity: 'error', rule: 'case-difference-apply', message: `${profile}.xml: ${applied.mismatches.length - 20} more mismatches against its base`, case: p.id });
        files.push({ profile, path: diffPath });
      }
      n++;
      if (broken) continue;
      const described = await describeAll(ctx, 'differences', files, { n: 0 }, 0);
      ctx.findings.push(...relativeFindings(ctx, checkCase({ definition: def, projectId: p.id }, described, { area: job.area, token: p.id, ...(job.authority ? { authority: job.authority } : {}) })));
      ctx.cases.push({ token: p.id, definition: def, files: described, projectId: p.id });
    }
    ctx.progress({ step: 'differences', done: n, total: job.projects.length, unit: 'items' });
  },
};

async function loadHeader(path: string): Promise<{ id?: string; created?: string } | undefined> {
  const f = await describeCaseFile(path, 'target.xml');
  return f.header ? { id: f.header.id, ...(f.header.created ? { created: f.header.created } : {}) } : undefined;
}

/** Writes reports/cases.json and reports/cases.txt; errors stop the publication. */
export const caseReportStep: PipelineStep = {
  name: 'case-report',
  async run(ctx) {
    const job = ctx.job;
    mkdirSync(join(ctx.staging, 'reports'), { recursive: true });
    const counts = countFindings(ctx.findings);
    const report = {
      area: job.area, year: job.year, period: job.period, version: job.version, stage: job.stage,
      counts,
      findings: ctx.findings,
      cases: ctx.cases.map((c) => ({
        case: c.token, kind: c.definition.kind,
        files: c.files.map((f) => ({ name: f.name, source: f.path.startsWith(ctx.work) ? '(computed Difference Model)' : displayPath(job, f.path), profile: f.profile ?? null, modelId: f.header?.id ?? null, size: f.size, sha256: f.sha256 })),
      })),
    };
    const heading = `Case checks for ${job.area} ${job.year}-${job.period} v${job.version} (Stage ${job.stage}): ${ctx.cases.length} case(s)\n`;
    writeFileAtomic(join(ctx.staging, 'reports', 'cases.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileAtomic(join(ctx.staging, 'reports', 'cases.txt'), heading + formatFindingsText(ctx.findings));
    ctx.addFile('reports/cases.json', null);
    ctx.addFile('reports/cases.txt', null);
    if (counts.error > 0) ctx.reject('case-report', counts.error, 'reports/cases.txt');
  },
};

/** Zips written at once: one per core (deflate runs on the thread pool), at most four. */
const PACKAGE_CONCURRENCY = Math.max(1, Math.min(availableParallelism(), 4));

/** Writes each case's deterministic zip, several at a time; files are registered in case order. */
export const packageStep: PipelineStep = {
  name: 'package',
  async run(ctx) {
    const job = ctx.job;
    const total = ctx.cases.reduce((a, c) => a + c.files.reduce((b, f) => b + f.size, 0), 0);
    const done = ctx.cases.map(() => 0);
    const written: WrittenZip[] = [];
    const report = () => ctx.progress({ step: 'package', done: done.reduce((a, b) => a + b, 0), total, unit: 'bytes' });
    report();
    await eachLimited(ctx.cases, PACKAGE_CONCURRENCY, async (c, i) => {
      const zip = formatCaseName({ area: job.area, year: job.year, period: job.period, case: c.token, version: job.version });
      const scenario = c.files[0]?.header?.scenarioTime;
      const t = scenario === undefined ? NaN : Date.parse(scenario);
      written[i] = await writeDeterministicZip(join(ctx.staging, zip), c.files.map((f) => ({ name: f.name, path: f.path })), {
        ...(Number.isNaN(t) ? {} : { date: new Date(t) }),
        onBytes: (n) => {
          done[i] = n;
          report();
        },
      });
      c.zip = zip;
    });
    ctx.cases.forEach((c, i) => ctx.addFile(c.zip as string, c.token, written[i]));
  },
};

/** Builds manifest.json from the cases and every registered file. */
/** A published file's size and SHA-256. */
export interface FileDigest {
  size: number;
  sha256: string;
}

export function manifestStep(published: () => ReadonlyMap<string, { caseToken: string | null; known?: FileDigest }>): PipelineStep {
  return {
    name: 'manifest',
    async run(ctx) {
      const job = ctx.job;
      const files: Manifest['files'] = [];
      for (const [path, { caseToken, known }] of published()) {
        const h = known ?? (await hashFile(join(ctx.staging, path)));
        files.push({ path, size: h.size, sha256: h.sha256, case: caseToken });
      }
      const created = ctx.cases.flatMap((c) => c.files.map((f) => f.header?.created ?? '')).filter((c) => c !== '').sort().at(-1) ?? '';
      const manifest: Manifest = {
        area: job.area, year: job.year, period: job.period, version: job.version, stage: job.stage, created,
        cases: ctx.cases.map((c) => ({
          case: c.token, kind: c.definition.kind, zip: c.zip ?? '', projectId: c.projectId,
          files: c.files.map((f) => ({ name: f.name, profile: f.profile ?? '', profiles: f.header?.profiles ?? [], modelId: manifestModelId(f.header?.id), size: f.size, sha256: f.sha256 })),
        })),
        files,
      };
      writeFileAtomic(join(ctx.staging, 'manifest.json'), manifestJson(manifest));
    },
  };
}

/** The default steps before the manifest: cases, differences, case-report, package. */
export function defaultSteps(): PipelineStep[] {
  return [casesStep, differencesStep, caseReportStep, packageStep];
}

/** Inserts `step` after the step named `after` (validation after 'case-report', the heatmap after 'package'). */
export function insertStep(steps: PipelineStep[], after: string, step: PipelineStep): PipelineStep[] {
  const i = steps.findIndex((s) => s.name === after);
  if (i < 0) throw new LtdsError('PIPELINE_STEP', `no step named ${after} to insert ${step.name} after (steps: ${steps.map((s) => s.name).join(', ')})`, { after, step: step.name });
  return [...steps.slice(0, i + 1), step, ...steps.slice(i + 1)];
}

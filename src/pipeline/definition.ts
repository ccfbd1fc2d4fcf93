// Pipeline definitions (pipelines/*.json or *.yaml): one licence area's publications, validated with zod.
// Every error names the path of the bad field and what is allowed. Input paths are relative to the
// definition file.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LtdsError } from '../errors/index.js';
import { casesOfStage, checkProjectId, PROFILE_KEYWORDS, resolveCaseToken, type CaseDefinition, type ProfileKeyword } from '../cases/index.js';
import { periodSchema, stageSchema, type PublicationId } from '../publication/index.js';

const profileFiles = z.partialRecord(z.enum(PROFILE_KEYWORDS), z.string().min(1, 'a file path'));

const caseSchema = z.strictObject({
  case: z.string().min(1).describe('case token: FaultLevel, SystemCapacity_Existing, SystemCapacity_Year1..5, GBMaximum[_<YYYYMMDDTHHMMZ>], GBMinimum[_<YYYYMMDDTHHMMZ>]'),
  files: profileFiles.describe('profile keyword → file path, exactly the case\'s files'),
});

const projectSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9-]{1,24}$/, 'a project id of 1-24 characters from A-Z a-z 0-9 and \'-\''),
  title: z.string().optional(),
  base: profileFiles.describe('the base Full Models (EQ, SC, GL) the project changes'),
  target: profileFiles.optional().describe('the target Full Models, diffed against base'),
  differences: profileFiles.optional().describe('ready-made Difference Models against base'),
});

const publicationSchema = z.strictObject({
  year: z.number().int().min(2000).max(2999),
  period: periodSchema,
  version: z.number().int().min(1),
  stage: stageSchema,
  cases: z.array(caseSchema).min(1),
  projects: z.array(projectSchema).default([]),
  heatmap: z.record(z.string(), z.unknown()).optional().describe('heatmap settings, read by the heatmap step'),
});

/** The schema of a pipeline definition file. */
export const definitionSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  area: z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'a licence area code of 1-16 letters or digits (e.g. EPN, DEMO)'),
  authority: z.string().min(1).optional().describe('the modelingAuthoritySet every file must carry (default: a URI ending in /<area>)'),
  out: z.string().min(1).optional().describe('output folder, relative to the definition (the CLI --out wins)'),
  publications: z.array(publicationSchema).min(1),
});

/** The JSON Schema of a definition file (pipelines/pipeline.schema.json is this, written out). */
export function definitionJsonSchema(): string {
  const schema = z.toJSONSchema(definitionSchema, { io: 'input' }) as Record<string, unknown>;
  const ordered = { $schema: schema.$schema, $id: 'pipeline.schema.json', title: 'LTDS toolkit pipeline definition', description: 'One licence area\'s publications: cases with their input files per profile, Development Projects (base + target, or ready-made Difference Models), heatmap settings. Paths are relative to the definition file.', ...schema };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** A definition as written. */
export type DefinitionInput = z.input<typeof definitionSchema>;

/** One case of a publication, paths resolved. */
export interface CaseJob {
  /** The token as the definition gives it (GBMaximum without a date is completed from the scenario time). */
  token: string;
  definition: CaseDefinition;
  files: { profile: ProfileKeyword; path: string }[];
}

/** One Development Project, paths resolved. */
export interface ProjectJob {
  id: string;
  title?: string;
  base: Partial<Record<ProfileKeyword, string>>;
  target?: Partial<Record<ProfileKeyword, string>>;
  differences?: Partial<Record<ProfileKeyword, string>>;
}

/** One publication of an area. */
export interface PublicationJob extends PublicationId {
  authority?: string;
  cases: CaseJob[];
  projects: ProjectJob[];
  heatmap?: Record<string, unknown>;
  /** The definition file and its folder (paths in reports are relative to it). */
  definitionFile: string;
  baseDir: string;
}

/** A loaded definition. */
export interface PipelineDefinition {
  file: string;
  area: string;
  out?: string;
  publications: PublicationJob[];
}

function fail(file: string, path: readonly PropertyKey[], message: string): LtdsError {
  const where = path.length === 0 ? '(top level)' : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
  return new LtdsError('PIPELINE_DEFINITION', `${where}: ${message}`, { field: where }, { file });
}

/** Formats the first zod issues as "path: message" lines (with the allowed values zod gives). */
function zodError(file: string, error: z.ZodError): LtdsError {
  const issue = error.issues[0]!;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more: ${error.issues.slice(1, 4).map((i) => i.path.join('.') || '(top level)').join(', ')})` : '';
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}; allowed: ${allowedKeys(issue.path)}`;
  return fail(file, issue.path, message + more);
}

function allowedKeys(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  if (path.length === 0) return Object.keys(definitionSchema.shape).join(', ');
  if (last === 'publications') return Object.keys(publicationSchema.shape).join(', ');
  if (last === 'cases') return Object.keys(caseSchema.shape).join(', ');
  if (last === 'projects') return Object.keys(projectSchema.shape).join(', ');
  return PROFILE_KEYWORDS.join(', ');
}

/** Reads and checks a definition file; every path in it is resolved against its folder. */
export function loadDefinition(file: string): PipelineDefinition {
  if (!existsSync(file)) throw new LtdsError('INPUT_NOT_FOUND', `no such pipeline definition: ${file}`, { path: file });
  let raw: unknown;
  const yaml = /\.ya?ml$/i.test(file);
  try {
    const text = readFileSync(file, 'utf8');
    raw = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new LtdsError('PIPELINE_DEFINITION', `not valid ${yaml ? 'YAML' : 'JSON'}: ${(err as Error).message.replace(/\s*\n[\s\S]*$/, '')}`, { field: '(file)' }, { file }, err);
  }
  return parseDefinition(raw, file);
}

/** Checks a parsed definition (see {@link loadDefinition}). */
export function parseDefinition(raw: unknown, file: string): PipelineDefinition {
  const parsed = definitionSchema.safeParse(raw);
  if (!parsed.success) throw zodError(file, parsed.error);
  const d = parsed.data;
  const baseDir = dirname(resolve(file));
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  const seenVersions = new Set<string>();
  const publications = d.publications.map((p, i): PublicationJob => {
    const at = (...rest: PropertyKey[]): PropertyKey[] => ['publications', i, ...rest];
    const key = `${p.year}-${p.period}-v${p.version}`;
    if (seenVersions.has(key)) throw fail(file, at('version'), `${p.year}-${p.period} version ${p.version} appears twice`);
    seenVersions.add(key);
    const allowed = casesOfStage(p.stage);
    const seen = new Set<string>();
    const cases = p.cases.map((c, j): CaseJob => {
      let def: CaseDefinition;
      const token = c.case;
      if (token === 'GBMaximum' || token === 'GBMinimum') def = allowed.find((a) => a.family === token) ?? (resolveCaseToken(`${token}_20000101T0000Z`).definition);
      else {
        try {
          def = resolveCaseToken(token).definition;
        } catch (err) {
          throw fail(file, at('cases', j, 'case'), (err as Error).message);
        }
        if (def.family === 'Project') {
          throw fail(file, at('cases', j, 'case'), `'${token}' is not a case token; allowed at stage ${p.stage}: ${allowed.filter((a) => a.token !== 'projectId').map((a) => (a.token === 'dateTime' ? `${a.family}[_<YYYYMMDDTHHMMZ>]` : a.family)).join(', ')} (Development Projects go under 'projects')`);
        }
      }
      if (!def.stages.includes(p.stage)) throw fail(file, at('cases', j, 'case'), `${token} is not a Stage ${p.stage} case; allowed: ${allowed.filter((a) => a.token !== 'projectId').map((a) => a.family).join(', ')}`);
      if (seen.has(def.family)) throw fail(file, at('cases', j, 'case'), `the ${def.family} case appears twice`);
      seen.add(def.family);
      const keys = Object.keys(c.files) as ProfileKeyword[];
      const missing = def.files.filter((f) => !keys.includes(f));
      const extra = keys.filter((k) => !def.files.includes(k));
      if (missing.length > 0 || extra.length > 0) {
        throw fail(file, at('cases', j, 'files'), `the ${def.family} case holds exactly ${def.files.join(', ')}${missing.length > 0 ? `; missing ${missing.join(', ')}` : ''}${extra.length > 0 ? `; not part of it: ${extra.join(', ')}` : ''}`);
      }
      return { token, definition: def, files: def.files.map((f) => ({ profile: f, path: abs(c.files[f]!) })) };
    });
    for (const req of allowed.filter((a) => a.required)) {
      if (!seen.has(req.family)) throw fail(file, at('cases'), `a Stage ${p.stage} publication holds the ${req.family} case, which is missing`);
    }
    const projectDef = allowed.find((a) => a.token === 'projectId');
    const ids = new Set<string>();
    const projects = p.projects.map((pr, j): ProjectJob => {
      if (!projectDef) throw fail(file, at('projects', j), `Development Projects are published from Stage 3; this is a Stage ${p.stage} publication`);
      try {
        checkProjectId(pr.id);
      } catch (err) {
        throw fail(file, at('projects', j, 'id'), (err as Error).message);
      }
      if (ids.has(pr.id)) throw fail(file, at('projects', j, 'id'), `project ${pr.id} appears twice`);
      ids.add(pr.id);
      if ((pr.target === undefined) === (pr.differences === undefined)) throw fail(file, at('projects', j), "give either 'target' (Full Models to diff against 'base') or 'differences' (ready-made Difference Models), not both or neither");
      const resolveSet = (set: Partial<Record<ProfileKeyword, string>>, field: string): Partial<Record<ProfileKeyword, string>> => {
        const keys = Object.keys(set) as ProfileKeyword[];
        const missing = projectDef.files.filter((f) => !keys.includes(f));
        const extra = keys.filter((k) => !projectDef.files.includes(k));
        if (missing.length > 0 || extra.length > 0) throw fail(file, at('projects', j, field), `a Development Project has exactly ${projectDef.files.join(', ')}${missing.length > 0 ? `; missing ${missing.join(', ')}` : ''}${extra.length > 0 ? `; not part of it: ${extra.join(', ')}` : ''}`);
        return Object.fromEntries(keys.map((k) => [k, abs(set[k]!)]));
      };
      return {
        id: pr.id,
        ...(pr.title === undefined ? {} : { title: pr.title }),
        base: resolveSet(pr.base, 'base'),
        ...(pr.target ? { target: resolveSet(pr.target, 'target') } : {}),
        ...(pr.differences ? { differences: resolveSet(pr.differences, 'differences') } : {}),
      };
    });
    return {
      area: d.area, ...(d.authority === undefined ? {} : { authority: d.authority }),
      year: p.year, period: p.period, version: p.version, stage: p.stage, cases, projects,
      ...(p.heatmap === undefined ? {} : { heatmap: p.heatmap }),
      definitionFile: resolve(file), baseDir,
    };
  });
  return { file: resolve(file), area: d.area, ...(d.out === undefined ? {} : { out: abs(d.out) }), publications };
}

/** A path as reports show it: relative to the definition's folder, so reports do not depend on where the run happens. */
export function displayPath(job: PublicationJob, path: string): string {
  const r = relative(job.baseDir, path);
  return r === '' ? '.' : r.split('\\').join('/');
}

// `validateInputs`: streams every input once, checking header, vocabulary and the per-object SHACL
// constraints as each object closes, and keeps only what the cross-object checks need (identities
// with their class, references, deferred constraints); those run when every file has been read.
// The phases: run-state.ts (what they share), object-checks.ts (per object, while streaming),
// deferred-checks.ts and cross-checks.ts (what needs other objects), set-shapes.ts (set-scoped
// shapes), report-build.ts (the report).
//
// SHACL semantics (see README "Validation"): each file is validated against the shapes of the
// profiles it declares, over a data graph made of the file's own statements, the rdf:type of every
// object of the set it mentions, and the rdfs:subClassOf edges of the vocabularies; focus nodes are
// the subjects the file describes. Set-scoped shapes see the statements of every file (set-shapes.ts).

import { expandInputs, readCimInput, type CimInput } from '../cim-xml/inputs.js';
import { readManifestInput, type Manifest } from '../cim-xml/manifest.js';
import { compiledProfile } from '../profiles/cache.js';
import { loadRegistry, type ProfileEntry } from '../profiles/registry.js';
import type { CompiledProfile } from '../profiles/types.js';
import { finish } from './cross-checks.js';
import { differenceFindings } from './difference-check.js';
import { checkHeader } from './header-checks.js';
import { manifestFindings, uniqueInputs } from './input-set.js';
import { ObjectChecks } from './object-checks.js';
import { Hierarchy } from './profile-set.js';
import { buildReport } from './report-build.js';
import { RunState, type FileState } from './run-state.js';
import type { FileSummary, ValidateOptions, ValidationReport } from './types.js';

export { ruleMatches } from './report-build.js';

/** Streams one input: its header, then each object through the per-object checks as it closes. */
async function readFile(run: RunState, checks: ObjectChecks, input: CimInput, index: number, onBytes: (n: number) => void): Promise<void> {
  const f: FileState = {
    index,
    input,
    summary: { file: input.name, profiles: [], keywords: [], objects: 0, bytes: input.bytes, ms: 0, counts: { error: 0, warning: 0, info: 0 } },
    entries: [],
    untyped: [],
    described: [],
    declares: false,
    foreignNamespaces: new Map(),
    deferred: [],
    inverse: new Map(),
    firstRef: run.refs.length,
    lastRef: run.refs.length,
  };
  run.files.push(f);
  const file = input.name;
  const stats = await readCimInput(
    input,
    {
      header: (h) => {
        f.header = h;
        f.summary.kind = h.kind;
        f.summary.modelId = h.id;
        f.summary.profiles = [...h.profiles];
        f.entries = checkHeader(h, file, run.registry, run.findings);
        const set = f.entries.length === 0 && h.profiles.length > 0 ? run.vocabularySet() : run.profileSet(f.entries);
        if (set) {
          f.set = set;
          f.summary.keywords = set.keywords;
          // Shapes that target the header itself (the rule file profiles/ltds-rules/qocdc-header.ttl).
          const hc = run.classIri(h.object.ns, h.object.local);
          if (set.classRules(hc).constraints.length > 0) checks.check(h.object, hc, f, hc, true);
        }
      },
      object: (o) => {
        if (o.section !== 'model') return checks.differenceObject(o, f);
        checks.object(o, f);
      },
      warning: (w) => {
        run.findings.push({ severity: 'warning', rule: 'reader-warning', message: `${w.code}: ${w.message}`, file, line: w.line, column: w.column });
      },
    },
    { onProgress: onBytes },
  );
  f.summary.objects = stats.objects;
  f.summary.bytes = stats.bytes;
  f.summary.ms = Math.round(stats.ms * 10) / 10;
  f.lastRef = run.refs.length;
  if (!f.header) {
    run.findings.push({
      severity: 'error',
      rule: 'header-missing',
      message: 'the file has no model header (md:FullModel); its profile is unknown, so only references and identities were checked',
      file,
      line: 1,
      column: 1,
    });
  }
}

/** Compiles (or loads from cache) every profile of the registry and the class hierarchy they define. */
export async function prepareProfiles(profilesDir?: string): Promise<{ registry: ReturnType<typeof loadRegistry>; compiled: Map<ProfileEntry, CompiledProfile>; hierarchy: Hierarchy }> {
  const registry = loadRegistry(profilesDir);
  const compiled = new Map<ProfileEntry, CompiledProfile>();
  const hierarchy = new Hierarchy();
  for (const e of registry.entries) {
    const c = await compiledProfile(e);
    compiled.set(e, c);
    hierarchy.add(c.vocabulary);
  }
  return { registry, compiled, hierarchy };
}

const STOP = Symbol('header read');

/**
 * The registry entries the inputs declare, from their headers only (each read stops at the header,
 * so start-up loads just the profiles in use). Unreadable inputs are left to the main pass.
 */
async function declaredEntries(sources: readonly CimInput[], registry: ReturnType<typeof loadRegistry>): Promise<Set<ProfileEntry>> {
  const out = new Set<ProfileEntry>();
  for (const s of sources) {
    try {
      await readCimInput(s, {
        header: (h) => {
          let known = 0;
          for (const iri of h.profiles) {
            for (const e of registry.resolve(iri).entries) {
              out.add(e);
              known++;
            }
          }
          // A file of unknown profiles only is still checked against every vocabulary that defines its classes.
          if (known === 0 && h.profiles.length > 0) for (const e of registry.entries) out.add(e);
          throw STOP;
        },
        object: () => {
          throw STOP;
        },
      });
    } catch (err) {
      if (err !== STOP) continue;
    }
  }
  return out;
}

/** Validates CIM inputs (files, folders, zips, `a.zip:entry`) against their declared profiles. */
export async function validateInputs(inputs: string[], options: ValidateOptions = {}): Promise<ValidationReport> {
  const sources = uniqueInputs(await expandInputs(inputs));
  const registry = loadRegistry(options.profilesDir);
  const needed = await declaredEntries(sources, registry);
  const compiled = new Map<ProfileEntry, CompiledProfile>();
  const hierarchy = new Hierarchy();
  for (const e of registry.entries) {
    if (!needed.has(e)) continue;
    const c = await compiledProfile(e);
    compiled.set(e, c);
    hierarchy.add(c.vocabulary);
  }
  const run = new RunState(registry, compiled, hierarchy);
  const checks = new ObjectChecks(run);
  const totalBytes = sources.reduce((n, s) => n + s.bytes, 0);
  let done = 0;
  const manifests: { input: CimInput; manifest: Manifest; summary: FileSummary }[] = [];
  let unreadable = 0;
  for (const [i, s] of sources.entries()) {
    let manifest: Manifest | undefined;
    try {
      manifest = await readManifestInput(s);
    } catch (err) {
      unreadable++;
      run.unreadable(s, err);
      continue;
    }
    if (manifest) {
      const datasets = manifest.datasets.map((d) => ({ id: d.id, keywords: d.keywords, profiles: d.profiles, files: d.files }));
      manifests.push({ input: s, manifest, summary: { file: s.name, kind: 'Catalog', profiles: [], keywords: [], objects: datasets.length, bytes: s.bytes, ms: 0, counts: { error: 0, warning: 0, info: 0 }, datasets } });
      continue;
    }
    try {
      await readFile(run, checks, s, run.files.length, (n) => options.onProgress?.({ file: s.name, fileIndex: i, files: sources.length, bytes: done + n, totalBytes }));
    } catch (err) {
      // One file that cannot be read does not hide the others: it is reported, and the run goes on.
      unreadable++;
      run.unreadable(s, err, run.files[run.files.length - 1]);
    }
    done += s.bytes;
  }
  finish(run, checks);
  run.findings.push(...(await differenceFindings(run.files)));
  const read = run.files.map((f) => ({ input: f.input, ...(f.header ? { modelId: f.header.id } : {}) }));
  for (const m of manifests) run.findings.push(...manifestFindings(m.manifest, m.input, read));
  return buildReport(run, options, manifests.map((m) => m.summary), unreadable);
}

// `ltds inspect <file|zip|folder>...`: header, object counts per class, statements, sections, size, time.

import type { Command } from 'commander';
import type { InspectResult } from '../../cim-xml/inspect.js';
import type { Manifest } from '../../cim-xml/manifest.js';
import type { CaseZipInfo } from '../../cases/inspect-case.js';
import { EXIT_FAILURE } from '../failure.js';
import { createProgress } from '../progress.js';

function formatText(r: InspectResult): string {
  const lines: string[] = [];
  const h = r.header;
  lines.push(`${r.name}`);
  if (h) {
    lines.push(`  kind                  ${h.kind} (${h.style} header)`);
    lines.push(`  id                    ${h.id}`);
    for (const p of h.profiles) lines.push(`  profile               ${p}`);
    if (h.scenarioTime !== undefined) lines.push(`  scenarioTime          ${h.scenarioTime}`);
    if (h.created !== undefined) lines.push(`  created               ${h.created}`);
    if (h.modelingAuthoritySet !== undefined) lines.push(`  modelingAuthoritySet  ${h.modelingAuthoritySet}`);
    if (h.version !== undefined) lines.push(`  version               ${h.version}`);
    for (const d of h.dependentOn) lines.push(`  DependentOn           ${d}`);
    for (const s of h.supersedes) lines.push(`  Supersedes            ${s}`);
  } else {
    lines.push('  kind                  (no model header)');
  }
  const mb = r.bytes / 1e6;
  const rate = r.readMs > 0 ? ` (${(mb / (r.readMs / 1000)).toFixed(0)} MB/s)` : '';
  lines.push(`  objects               ${r.objects}`);
  lines.push(`  statements            ${r.statements}`);
  lines.push(`  bytes                 ${r.bytes}`);
  lines.push(`  read time             ${r.readMs} ms${rate}`);
  if (r.sections) {
    for (const [name, s] of Object.entries(r.sections)) lines.push(`  ${name.padEnd(21)} ${s.objects} objects, ${s.statements} statements`);
  }
  lines.push('  classes');
  const width = Math.max(0, ...Object.keys(r.classes).map((k) => k.length));
  for (const [name, n] of Object.entries(r.classes)) lines.push(`    ${name.padEnd(width)}  ${n}`);
  for (const w of r.warnings) lines.push(`  warning ${w.code} (line ${w.line}): ${w.message}`);
  return lines.join('\n');
}

function formatManifest(m: Manifest): string {
  const lines = [`${m.name}`, `  kind                  manifest (dcat:Catalog${m.catalog !== undefined ? ` ${m.catalog}` : ''})`];
  if (m.title !== undefined) lines.push(`  title                 ${m.title}`);
  lines.push(`  datasets              ${m.datasets.length}`);
  for (const d of m.datasets) {
    lines.push(`    ${d.id}  ${d.keywords.join('+') || '-'}  ${d.files.join(', ') || '(no file named)'}`);
    for (const p of d.profiles) lines.push(`      profile ${p}`);
  }
  return lines.join('\n');
}

function formatCase(c: CaseZipInfo): string {
  const lines = [`${c.zip}`, `  case                  ${c.name.case} (${c.title}, ${c.kind} Models)`];
  lines.push(`  area                  ${c.name.area}`);
  lines.push(`  cycle                 ${c.name.year}-${c.name.period} (${c.name.period === '01' ? 'May' : 'November'})`);
  lines.push(`  version               ${c.name.version}`);
  if (c.dateTime !== undefined) lines.push(`  demand date-time      ${c.dateTime}`);
  if (c.projectId !== undefined) lines.push(`  project               ${c.projectId}`);
  lines.push(`  files                 ${c.entries.join(', ')}${c.missing.length + c.extra.length === 0 ? ' (exactly the case\'s files)' : ''}`);
  for (const m of c.missing) lines.push(`  missing               ${m}`);
  for (const e of c.extra) lines.push(`  not in the case       ${e}`);
  return lines.join('\n');
}

/** Registers `inspect`. */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('show what CIM XML files hold: header, objects per class, statements, Difference Model sections, size and read time')
    .argument('<inputs...>', 'CIM XML files, zip archives (every .xml entry, read in place), folders, or archive.zip:entry')
    .option('--json', 'print one JSON array of results for machines')
    .addHelpText(
      'after',
      `
Examples:
  $ ltds inspect samples/DEMO/network/EQ.xml
  $ ltds inspect out/DEMO/2026-01/v1/LTDS_DEMO_2026-01_FaultLevel_v1.zip --json
  $ ltds inspect out/DEMO/2026-01/v1/LTDS_DEMO_2026-01_FaultLevel_v1.zip:EQ.xml

A zip named LTDS_... is inspected as a case: its name must follow the naming convention
and its entries be exactly the case's files, each declaring the profile it is named for.

Exit status: 0 when every input was read (and every case zip is sound), 1 when a case zip's name
or files are wrong, 2 when an input could not be read.`,
    )
    .action(async (inputs: string[], opts: { json?: boolean }) => {
      const [{ expandInputs }, { inspectCimInput }] = await Promise.all([import('../../cim-xml/inputs.js'), import('../../cim-xml/inspect.js')]);
      // A zip named LTDS_... is a case: its name must parse and its entries be the case's files. The
      // case modules load only when a zip is named (and never the cases barrel, which brings the zip
      // writer and archiver's ~200 CommonJS modules).
      const caseModules = inputs.some((arg) => /\.zip$/i.test(arg)) ? await Promise.all([import('../../cases/inspect-case.js'), import('../../cases/profiles.js')]) : undefined;
      const cases = new Map<string, CaseZipInfo & { problems: string[] }>();
      for (const arg of inputs) {
        if (caseModules === undefined || !caseModules[0].isCaseZipName(arg)) continue;
        const { inspectCaseZip } = caseModules[0];
        const info = await inspectCaseZip(arg);
        const problems = [
          ...info.missing.map((m) => `${m} is missing`),
          ...info.extra.map((e) => `${e} is not part of the case`),
        ];
        cases.set(arg, { ...info, problems });
        if (!opts.json) process.stdout.write(formatCase(info) + '\n');
      }
      const sources = await expandInputs(inputs);
      const { readManifestInput } = await import('../../cim-xml/manifest.js');
      const results: ((InspectResult & { case?: CaseZipInfo & { problems: string[] } }) | (Manifest & { kind: 'Catalog' }))[] = [];
      for (const source of sources) {
        // A dataset manifest (dcat:Catalog) is listed as the catalogue it is.
        const manifest = await readManifestInput(source);
        if (manifest) {
          results.push({ ...manifest, kind: 'Catalog' });
          if (!opts.json) process.stdout.write(formatManifest(manifest) + '\n\n');
          continue;
        }
        const progress = createProgress(`reading ${source.name}`, source.bytes);
        const r = await inspectCimInput(source, { onProgress: (n) => progress.update(n) });
        progress.done();
        const c = cases.get(source.path);
        if (c && caseModules && source.entry !== undefined && r.header) {
          const { mainProfile, profileOfName } = caseModules[1];
          const declared = mainProfile(r.header.profiles);
          const named = profileOfName(source.entry);
          if (declared !== named) c.problems.push(`${source.entry} declares the ${declared ?? 'no case'} profile`);
          if (r.header.kind !== (c.kind === 'Full' ? 'FullModel' : 'DifferenceModel')) c.problems.push(`${source.entry} is a ${r.header.kind}, the case holds ${c.kind} Models`);
        }
        results.push(c ? { ...r, case: c } : r);
        if (!opts.json) process.stdout.write(formatText(r) + '\n\n');
      }
      if (opts.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
      for (const c of cases.values()) {
        if (c.problems.length === 0) continue;
        process.stderr.write(`ltds: ${c.zip} is not a valid ${c.name.case} case: ${c.problems.join('; ')}\n`);
        process.exitCode = EXIT_FAILURE;
      }
    });
}

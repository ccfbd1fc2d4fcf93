// `ltds inspect <file|zip|folder>...`: header, object counts per class, statements, sections, size, time.

import type { Command } from 'commander';
import { expandInputs } from '../../cim-xml/inputs.js';
import { inspectCimInput, type InspectResult } from '../../cim-xml/inspect.js';
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
  $ ltds inspect samples/DEMO/DEMO_EQ.xml
  $ ltds inspect LTDS_DEMO_2026-01_FaultLevel_v1.zip --json
  $ ltds inspect LTDS_DEMO_2026-01_FaultLevel_v1.zip:EQ.xml

Exit status: 0 when every input was read, 2 when one could not be read.`,
    )
    .action(async (inputs: string[], opts: { json?: boolean }) => {
      const sources = await expandInputs(inputs);
      const results: InspectResult[] = [];
      for (const source of sources) {
        const progress = createProgress(`reading ${source.name}`, source.bytes);
        const r = await inspectCimInput(source, { onProgress: (n) => progress.update(n) });
        progress.done();
        results.push(r);
        if (!opts.json) process.stdout.write(formatText(r) + '\n\n');
      }
      if (opts.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    });
}

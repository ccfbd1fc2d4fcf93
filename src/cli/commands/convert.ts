// `ltds convert <file> --to nt|ttl|json|xml`: N-Triples/N-Quads, Turtle/TriG, the JSON projection, CIM XML.

import { Option, type Command } from 'commander';
import type { ConvertFormat } from '../../cim-xml/convert.js';
import type { CimInput } from '../../cim-xml/inputs.js';
import { LtdsError } from '../../errors/index.js';
import { createProgress } from '../progress.js';

/** Registers `convert`. */
export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('convert one CIM XML file to N-Triples, Turtle, the JSON projection, or CIM XML')
    .argument('<input>', 'a CIM XML file, or archive.zip:entry')
    .addOption(new Option('--to <format>', 'output format').choices(['nt', 'ttl', 'json', 'xml']).makeOptionMandatory())
    .option('-o, --output <file>', 'write here (atomically) instead of standard output')
    .option('--base <iri>', "base IRI that rdf:ID and '#fragment' references resolve against (default: the input's file:// URL)")
    .addHelpText(
      'after',
      `
Formats:
  nt    N-Triples, one statement per line with absolute IRIs. For a Difference Model the output is
        N-Quads: header statements in the default graph, each section's statements in the named graph
        <http://iec.ch/TC57/61970-552/DifferenceModel/1#forwardDifferences>, ...#reverseDifferences
        or ...#preconditions.
  ttl   Turtle through n3, with the file's prefixes (TriG, with the same named graphs, for a Difference Model).
  json  The JSON projection {header, namespaces, objects:[{id, class, section?, attributes, references}]}.
  xml   CIM XML through the writer (deterministic bytes; numbers kept as written).

The base IRI defaults to the input's file:// URL (jar:file:...!/entry inside a zip), as other RDF tools
do; pass the same --base to two tools to compare their output statement by statement.

Examples:
  $ ltds convert samples/DEMO/network/EQ.xml --to nt -o EQ.nt
  $ ltds convert samples/DEMO/network/EQ.xml --to nt | head -1
  $ ltds convert EQ_DIFF.xml --to nt --base http://example.org/model
  $ ltds convert out/DEMO/2026-01/v1/LTDS_DEMO_2026-01_FaultLevel_v1.zip:EQ.xml --to json`,
    )
    .action(async (input: string, opts: { to: ConvertFormat; output?: string; base?: string }) => {
      const [{ convertCimInput }, { expandInputs }, { openAtomicFile }, { readManifestInput }] = await Promise.all([
        import('../../cim-xml/convert.js'),
        import('../../cim-xml/inputs.js'),
        import('../../io/atomic-file.js'),
        import('../../cim-xml/manifest.js'),
      ]);
      // A dataset manifest (dcat:Catalog, CGMES 3.0 manifest.xml) is a catalogue, not a model: it is
      // listed and skipped, as inspect and validate read it, so a folder of one model and its
      // manifest converts the model.
      const sources: CimInput[] = [];
      const manifests: { name: string; datasets: number }[] = [];
      for (const s of await expandInputs([input])) {
        const m = await readManifestInput(s);
        if (m) manifests.push({ name: s.name, datasets: m.datasets.length });
        else sources.push(s);
      }
      const listed = manifests.map((m) => `${m.name} (a dataset manifest, dcat:Catalog of ${m.datasets} dataset${m.datasets === 1 ? '' : 's'})`).join(', ');
      if (sources.length !== 1) {
        const skipped = manifests.length > 0 ? ` besides ${listed}, which ${manifests.length === 1 ? 'is' : 'are'} not converted` : '';
        throw new LtdsError('USAGE', `convert takes exactly one CIM document; ${input} holds ${sources.length}${skipped}`, { input });
      }
      for (const m of manifests) process.stderr.write(`ltds: skipped ${m.name}: a dataset manifest (dcat:Catalog of ${m.datasets} dataset${m.datasets === 1 ? '' : 's'}), not a CIM model; see ltds inspect\n`);
      const source = sources[0]!;
      const file = opts.output === undefined ? undefined : openAtomicFile(opts.output);
      const sink = file ? (s: string) => file.write(s) : (s: string) => void process.stdout.write(s);
      const progress = createProgress(`converting ${source.name}`, source.bytes);
      try {
        await convertCimInput(source, opts.to, sink, {
          ...(opts.base === undefined ? {} : { base: opts.base }),
          onProgress: (n) => progress.update(n),
          // Standard output may be a slow pipe: wait for it to drain so memory stays flat.
          afterChunk: () => (file === undefined && process.stdout.writableNeedDrain ? new Promise<void>((r) => process.stdout.once('drain', () => r())) : undefined),
        });
        progress.done();
        file?.commit();
      } catch (err) {
        progress.done();
        file?.abort();
        throw err;
      }
    });
}

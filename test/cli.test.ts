// The `ltds` command as a user runs it: help, version, inspect, convert, samples generate,
// exit codes and one-line failures.

import { createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import archiver from 'archiver';
import { Parser as N3Parser } from 'n3';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseCimXml } from '../src/cim-xml/sources.js';
import { runLtds, runNode } from './helpers/cli.js';
import { realFile, realFiles } from './helpers/real-data.js';
import { ourStatements, rdfxmlStatements } from './helpers/rdf.js';

const tmp = mkdtempSync(join(tmpdir(), 'ltds-cli-'));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

function lines(s: string): Set<string> {
  return new Set(s.split('\n').filter((l) => l.trim() !== ''));
}

async function zipOf(path: string, entries: [string, string][]): Promise<string> {
  const out = createWriteStream(path);
  const zip = archiver('zip');
  zip.pipe(out);
  // append() keeps the given order; file() stats files concurrently and may reorder them.
  for (const [name, file] of entries) zip.append(readFileSync(file), { name });
  await zip.finalize();
  await new Promise<void>((r) => out.on('close', () => r()));
  return path;
}

describe('help and version', () => {
  test('ltds --help lists the commands; --version prints the package version', async () => {
    const help = await runLtds(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['inspect', 'convert', 'samples', 'start']) expect(help.stdout).toContain(cmd);
    const version = await runLtds(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  test.each([['inspect'], ['convert'], ['samples', 'generate'], ['start']])('ltds %s --help', async (...cmd) => {
    const r = await runLtds([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: ltds/);
  });

  test('start-up loads no command implementation: of dependencies only commander, of our modules only the CLI, errors and constants', async () => {
    // Each command imports its implementation (server, DuckDB, SQLite, validator...) when it runs, so
    // `ltds validate` does not pay for Fastify and `ltds --help` answers at once.
    const main = pathToFileURL(join(import.meta.dirname, '../dist/src/cli/main.js')).href;
    const script = `import { createRequire } from 'node:module'; const m = await import(${JSON.stringify(main)}); await m.buildProgram(); console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
    // A resolve hook reports every ES module of ours that is loaded (the require cache lists only CommonJS).
    const hook = `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes('/dist/src/')) process.stderr.write('LOADED ' + r.url.slice(r.url.indexOf('/dist/src/') + 10) + '\\n'); return r; }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
    // An async child process: a synchronous one would block this worker's event loop (and vitest's RPC) meanwhile.
    const r = await runNode(['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script]);
    expect(r.code, r.stderr).toBe(0);
    const loaded = JSON.parse(r.stdout) as string[];
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((f) => !/[\\/]node_modules[\\/]commander[\\/]/.test(f))).toEqual([]);
    const ours = new Set(r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7)));
    expect(ours.has('cli/main.js')).toBe(true);
    // Constants the option parsers and help texts need (and store/prepared.js, which store/accounts.js
    // imports: a small class with type-only imports); nothing else outside cli/ and errors/.
    const constants = new Set(['heatmap/types.js', 'io/toolkit-version.js', 'profiles/provisional.js', 'publication/period.js', 'samples/sample-profiles.js', 'store/accounts.js', 'store/prepared.js', 'store/secrets.js']);
    expect([...ours].filter((m) => !/^(cli|errors)\//.test(m) && !constants.has(m)).sort()).toEqual([]);
  });

  test('serve --memory-cache takes a whole number of MB, 0 included; anything else is a usage error naming the option', async () => {
    for (const bad of ['-1', 'abc', '1.5']) {
      const r = await runLtds(['serve', '--memory-cache', bad, '--port', '0', '--out', tmp]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`--memory-cache must be a whole number of at least 0, got '${bad}'`);
    }
  });

  test('a usage error exits 1', async () => {
    const r = await runLtds(['convert', realFile('BC_BE_TP_V2'), '--to', 'pdf']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Allowed choices are nt, ttl, json, xml/);
  });
});

describe('inspect', () => {
  test('a Full Model: header, per-class counts, statements, bytes and time', async () => {
    const path = realFile('cgmes30-microgrid/20210209T1930Z_1D_BE_EQ_9.xml');
    const r = await runLtds(['inspect', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kind                  FullModel (md header)');
    expect(r.stdout).toContain('id                    9e7050a8-960b-4e1a-8e34-7f56bc2b2a7b');
    expect(r.stdout).toContain('profile               http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0');
    expect(r.stdout).toContain('DependentOn           2399cbd0-9a39-11e0-aa80-0800200c9a66');
    expect(r.stdout).toMatch(/cim:ACLineSegment\s+\d+/);
    const json = await runLtds(['inspect', '--json', path]);
    const [result] = JSON.parse(json.stdout) as [{ objects: number; statements: number; bytes: number; classes: Record<string, number>; header: { scenarioTime: string } }];
    const model = parseCimXml(readFileSync(path));
    expect(result.objects).toBe(model.objects.length);
    expect(result.statements).toBe(ourStatements(model, 'file:///x').size);
    expect(result.bytes).toBe(readFileSync(path).length);
    expect(result.header.scenarioTime).toBe('2021-02-09T19:30:00Z');
    expect(result.classes['cim:ACLineSegment']).toBe(model.objects.filter((o) => o.local === 'ACLineSegment').length);
  });

  test('a Difference Model shows its section sizes and the joined-profile warning', async () => {
    const r = await runLtds(['inspect', '--json', realFile('T1_BE_EQ_DIFF2_V2')]);
    const [result] = JSON.parse(r.stdout) as [{ sections: Record<string, { objects: number; statements: number }>; header: { kind: string; supersedes: string[] }; warnings: { code: string }[] }];
    expect(result.header.kind).toBe('DifferenceModel');
    expect(result.sections.reverseDifferences).toEqual({ objects: 2, statements: 4 });
    expect(result.sections.forwardDifferences!.objects).toBeGreaterThan(0);
    expect(result.header.supersedes).toEqual(['d400c631-75a0-4c30-8aed-832b0d282e73']);
    expect(result.warnings.map((w) => w.code)).toEqual(['CIM_PROFILE_JOINED']);
  });

  test('a zip is read in place, every entry; archive.zip:entry picks one', async () => {
    const zip = await zipOf(join(tmp, 'case.zip'), [
      ['EQ.xml', realFile('BC_BE_EQ_V2')],
      ['TP.xml', realFile('BC_BE_TP_V2')],
      ['readme.txt', realFile('BC_BE_TP_V2')],
    ]);
    const all = await runLtds(['inspect', '--json', zip]);
    expect(all.code).toBe(0);
    const results = JSON.parse(all.stdout) as { name: string; objects: number }[];
    expect(results.map((x) => x.name)).toEqual([`${zip}:EQ.xml`, `${zip}:TP.xml`]);
    expect(results[0]!.objects).toBe(parseCimXml(readFileSync(realFile('BC_BE_EQ_V2'))).objects.length);
    const one = await runLtds(['inspect', '--json', `${zip}:TP.xml`]);
    expect((JSON.parse(one.stdout) as unknown[]).length).toBe(1);
    const missing = await runLtds(['inspect', `${zip}:SV.xml`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/ZIP_ENTRY_NOT_FOUND/);
    expect(readdirSync(tmp).filter((n) => n.endsWith('.xml'))).toEqual([]); // nothing extracted
  });
});

describe('convert', () => {
  const fullModels = realFiles().filter((f) => !f.difference);

  test.each(fullModels)('--to nt equals rdfxml-streaming-parser on $name', async ({ path }) => {
    const r = await runLtds(['convert', path, '--to', 'nt']);
    expect(r.code).toBe(0);
    const theirs = await rdfxmlStatements(readFileSync(path, 'utf8'), pathToFileURL(path).href);
    expect(lines(r.stdout)).toEqual(theirs);
  });

  test('--base sets the base IRI of rdf:ID and #fragment references', async () => {
    const r = await runLtds(['convert', realFile('BC_BE_TP_V2'), '--to', 'nt', '--base', 'http://example.org/tp']);
    expect(r.stdout).toMatch(/^<http:\/\/example\.org\/tp#_/m);
    expect(r.stdout).not.toContain('file://');
  });

  test('a Difference Model becomes N-Quads with one named graph per section', async () => {
    const r = await runLtds(['convert', realFile('T1_BE_EQ_DIFF2_V2'), '--to', 'nt']);
    const all = [...lines(r.stdout)];
    const graphOf = (l: string): string => /<([^>]*)> \.$/.exec(l)?.[1] ?? '';
    const rev = all.filter((l) => l.split(' ').length === 5 && graphOf(l).endsWith('#reverseDifferences'));
    expect(rev).toHaveLength(4);
    expect(all.some((l) => l.includes('PetersenCoil') && graphOf(l).endsWith('#forwardDifferences'))).toBe(true);
  });

  test('--to ttl parses back (n3) to the same statements as --to nt', async () => {
    const path = realFile('BC_BE_SSH_V2');
    const nt = await runLtds(['convert', path, '--to', 'nt']);
    const ttl = await runLtds(['convert', path, '--to', 'ttl']);
    expect(ttl.stdout).toMatch(/^@prefix cim: <http:\/\/iec\.ch\/TC57\/2013\/CIM-schema-cim16#>/m);
    const back = new N3Parser().parse(ttl.stdout);
    expect(back.length).toBe(lines(nt.stdout).size);
  });

  test('--to json is the projection; --to xml writes CIM XML with the same statements', async () => {
    const path = realFile('cgmes30-microgrid/20210209T1930Z_1D_BE_SSH_9.xml');
    const model = parseCimXml(readFileSync(path));
    const json = await runLtds(['convert', path, '--to', 'json']);
    const projection = JSON.parse(json.stdout) as { header: { id: string }; objects: { id: string; class: string }[] };
    expect(projection.header.id).toBe(model.header?.id);
    expect(projection.objects.map((o) => o.id)).toEqual(model.objects.map((o) => o.id));
    const out = join(tmp, 'ssh.xml');
    const xml = await runLtds(['convert', path, '--to', 'xml', '-o', out]);
    expect(xml.code).toBe(0);
    expect(ourStatements(parseCimXml(readFileSync(out)), 'file:///x')).toEqual(ourStatements(model, 'file:///x'));
  });

  test('a failed conversion leaves no output file', async () => {
    const bad = join(tmp, 'bad.xml');
    writeFileSync(bad, readFileSync(realFile('BC_BE_TP_V2')).subarray(0, 5000));
    const out = join(tmp, 'bad.nt');
    const r = await runLtds(['convert', bad, '--to', 'nt', '-o', out]);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.includes('bad.nt'))).toEqual([]);
  });
});

describe('unreadable input: exit 2 and one line, no stack trace', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['bomb.xml', '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&b;</rdf:RDF>', /XML_DOCTYPE_REFUSED: .* \(.*bomb\.xml, line 2, column 1\)/],
    ['truncated.xml', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description rdf:about="#a">', /XML_TRUNCATED: .*line 2/],
    ['utf8.xml', Buffer.from([...Buffer.from('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'), 0xff, ...Buffer.from('</rdf:RDF>')]), /XML_INVALID_UTF8: invalid UTF-8 byte 0xff at byte offset 66/],
    ['two-roots.xml', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', /XML_SECOND_ROOT: .*line 2, column 1/],
    ['unclosed.xml', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description rdf:about="#a">\n</rdf:RDF>', /XML_MISMATCHED_TAG: .*line 3/],
  ];
  beforeAll(() => {
    for (const [name, content] of cases) writeFileSync(join(tmp, name), content);
  });
  test.each(cases)('%s', async (name, _content, message) => {
    for (const cmd of [['inspect'], ['convert', '--to', 'nt']]) {
      const r = await runLtds([...cmd, join(tmp, name)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test('a missing file exits 2', async () => {
    const r = await runLtds(['inspect', join(tmp, 'nope.xml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INPUT_NOT_FOUND/);
  });
});

describe('samples generate', () => {
  test('writes EQ and GL that inspect reads; deterministic for a seed', async () => {
    const a = join(tmp, 'gen-a');
    const b = join(tmp, 'gen-b');
    const r = await runLtds(['samples', 'generate', '--substations', '30', '-o', a, '--json']);
    expect(r.code).toBe(0);
    await runLtds(['samples', 'generate', '--substations', '30', '-o', b]);
    expect(readFileSync(join(a, 'DEMO_EQ.xml'))).toEqual(readFileSync(join(b, 'DEMO_EQ.xml')));
    const inspect = await runLtds(['inspect', '--json', a]);
    const results = JSON.parse(inspect.stdout) as { name: string; classes: Record<string, number>; header: { profiles: string[] } }[];
    const eq = results.find((x) => x.name.endsWith('DEMO_EQ.xml'));
    expect(eq?.classes['cim:Substation']).toBe(30);
    expect(eq?.header.profiles).toContain('http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0');
    const bad = await runLtds(['samples', 'generate', '--substations', 'many', '-o', a]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--substations must be a whole number/);
  });
});

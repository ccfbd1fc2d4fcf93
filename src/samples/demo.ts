// The DEMO sample: every input the two sample publications need, from one generated network.
//   network/       EQ, GL, SC, SCR, DL and SYSCAP years 0-5 (the fault level and capacity cases)
//   gb-maximum/    EQ, SC, GL, DL, SSH, TP, SV at the winter peak (NETS maximum demand case)
//   gb-minimum/    the same at the summer trough (NETS minimum demand case)
//   projects/<id>/ target EQ, SC, GL of each Development Project (base: network/)

import path from 'node:path';
import { generateNetwork } from './generate.js';
import { writeProjectTarget, type ProjectSpec } from './projects.js';

/** Options of {@link generateDemoSample}. */
export interface DemoOptions {
  outDir: string;
  /** Size of the network (default 24: a GSP group, a few MB of files in all). */
  substations?: number;
  seed?: number;
  area?: string;
}

/** When the sample's models were made, and the instants its cases describe. */
export const DEMO_TIMES = {
  created: '2026-04-01T00:00:00Z',
  existing: '2026-04-01T00:00:00Z',
  gbMaximum: '2026-01-21T17:30:00Z',
  gbMinimum: '2026-07-05T13:30:00Z',
} as const;

/** The sample's Development Projects. */
export const DEMO_PROJECTS: readonly ProjectSpec[] = [
  { id: 'DEMO-P1', kind: 'new-transformer', scenarioTime: '2027-10-01T00:00:00Z', created: '2026-04-01T00:00:00Z' },
  { id: 'DEMO-P2', kind: 'uprate-circuit', scenarioTime: '2028-04-01T00:00:00Z', created: '2026-04-01T00:00:00Z' },
];

/** Writes the whole DEMO sample into `outDir`; returns the files written, relative to it. */
export async function generateDemoSample(o: DemoOptions): Promise<{ files: string[]; projects: { id: string; summary: string }[] }> {
  const common = { substations: o.substations ?? 24, seed: o.seed ?? 1, area: o.area ?? 'DEMO', created: DEMO_TIMES.created };
  const files: string[] = [];
  const note = (list: { path: string }[]): void => {
    for (const f of list) files.push(path.relative(o.outDir, f.path));
  };
  note(generateNetwork({ ...common, outDir: path.join(o.outDir, 'network'), scenarioTime: DEMO_TIMES.existing, profiles: ['SC', 'SCR', 'DL', 'SYSCAP'] }).files);
  note(generateNetwork({ ...common, outDir: path.join(o.outDir, 'gb-maximum'), scenarioTime: DEMO_TIMES.gbMaximum, scenario: 'maximum', profiles: ['SC', 'DL', 'SSH', 'TP', 'SV'] }).files);
  note(generateNetwork({ ...common, outDir: path.join(o.outDir, 'gb-minimum'), scenarioTime: DEMO_TIMES.gbMinimum, scenario: 'minimum', profiles: ['SC', 'DL', 'SSH', 'TP', 'SV'] }).files);
  const projects: { id: string; summary: string }[] = [];
  for (const spec of DEMO_PROJECTS) {
    const r = await writeProjectTarget(path.join(o.outDir, 'network'), path.join(o.outDir, 'projects', spec.id), spec);
    note(r.files.map((p) => ({ path: p })));
    projects.push({ id: spec.id, summary: r.summary });
  }
  return { files, projects };
}

// A real publication folder for the server tests, written by the pipeline's own steps and runner
// (bench/publication-fixture.ts): real CIM files from ../shared/data in deterministic case zips,
// manifest.json and index.json as the pipeline writes them. Stage 2 (2026-01, v1 and a corrected v2) and Stage 3 (2026-02,
// with NETS cases, a Development Project and heatmap datasets). Written into a temp folder.

import { join } from 'node:path';
import { writePublications, type FixtureManifest, type FixtureCase } from '../../bench/publication-fixture.js';
import { DATA_DIR } from './real-data.js';

export type { FixtureManifest as Manifest } from '../../bench/publication-fixture.js';

const m30 = (f: string) => join(DATA_DIR, 'cgmes30-microgrid', f);
const t1 = (f: string) => join(DATA_DIR, 'cgmes2415-microgrid', 'Type1_T1', f);

const BE_EQ = m30('20210209T1930Z_1D_BE_EQ_9.xml');
const NL_EQ = m30('20210209T1930Z_1D_NL_EQ_9.xml');
const BE_SSH = m30('20210209T1930Z_1D_BE_SSH_9.xml');
const NL_SSH = m30('20210209T1930Z_1D_NL_SSH_9.xml');
const BE_GL = m30('20210209T1930Z_1D_BE_GL_9.xml');
const NL_GL = m30('20210209T1930Z_1D_NL_GL_9.xml');

const files = (pairs: [string, string][]) => pairs.map(([name, source]) => ({ name, source }));

function nets(token: string): FixtureCase {
  return {
    case: token,
    files: files([
      ['EQ.xml', BE_EQ],
      ['SC.xml', BE_SSH],
      ['GL.xml', BE_GL],
      ['DL.xml', m30('20210209T1930Z_1D_ASSEMBLED_DL_9.xml')],
      ['SSH.xml', BE_SSH],
      ['TP.xml', m30('20210209T2323Z_1D_ASSEMBLED_TP_9.xml')],
      ['SV.xml', m30('20210209T1930Z_1D_ASSEMBLED_SV_9.xml')],
    ]),
  };
}

const stage2 = (faultLevelEq: string): FixtureCase[] => [
  { case: 'FaultLevel', files: files([['EQ.xml', faultLevelEq], ['SC.xml', BE_SSH], ['SCR.xml', BE_GL]]) },
  { case: 'SystemCapacity_Existing', files: files([['EQ.xml', NL_EQ], ['SYSCAP.xml', NL_SSH]]) },
  { case: 'SystemCapacity_Year1', files: files([['EQ.xml', NL_EQ], ['SYSCAP.xml', NL_GL]]) },
];

/** The heatmap dataset of the Stage 3 publication (small, DNO-style JSON plus CSV). */
export const HEATMAP_EXISTING = {
  title: 'DEMO capacity heatmap',
  identifier: 'LTDS_DEMO_2026-02_heatmap-existing_v1',
  Substations: [
    { mRID: '37e14a0f-5e34-4647-a062-8bfd9305fa9d', name: 'Anvil GSP', type: 'GSP', latitude: 51.5, longitude: -0.1, demandAvailableCapacity: 12.5, demandConstraint: 'GREEN' },
    { mRID: 'b58bf21a-096a-4dae-9a01-3f03b60c24c7', name: 'Bramble Primary', type: 'Primary', latitude: 51.6, longitude: -0.2, demandAvailableCapacity: -1.0, demandConstraint: 'RED' },
  ],
};

/** Writes the publications into `dir/out` and returns the folder and the manifests (stage 2 v1, v2, stage 3 v1). */
export async function makePublication(dir: string): Promise<{ outDir: string; manifests: FixtureManifest[] }> {
  const outDir = join(dir, 'out');
  const manifests = await writePublications(outDir, [
    { area: 'DEMO', year: 2026, period: '01', version: 1, stage: 2, cases: stage2(BE_EQ) },
    { area: 'DEMO', year: 2026, period: '01', version: 2, stage: 2, cases: stage2(NL_EQ) },
    {
      area: 'DEMO',
      year: 2026,
      period: '02',
      version: 1,
      stage: 3,
      cases: [
        { case: 'FaultLevel', files: files([['EQ.xml', BE_EQ], ['SC.xml', BE_SSH], ['SCR.xml', BE_GL]]) },
        { case: 'SystemCapacity_Existing', files: files([['EQ.xml', BE_EQ], ['SYSCAP.xml', BE_SSH]]) },
        { case: 'SystemCapacity_Year1', files: files([['EQ.xml', BE_EQ], ['SYSCAP.xml', BE_GL]]) },
        { case: 'SystemCapacity_Year3', files: files([['EQ.xml', NL_EQ], ['SYSCAP.xml', NL_GL]]) },
        nets('GBMaximum_20260115T1730Z'),
        nets('GBMinimum_20260720T0400Z'),
        {
          case: 'DP-0001-REINF',
          files: files([['EQ.xml', t1('BE_Difference_v2/MicroGridTestConfiguration_T1_BE_EQ_DIFF1_V2.xml')], ['SC.xml', t1('BE_Difference_v2/MicroGridTestConfiguration_T1_BE_EQ_DIFF2_V2.xml')], ['GL.xml', t1('BE_Difference_v2/MicroGridTestConfiguration_T1_BE_TP_DIFF1_V2.xml')]]),
        },
      ],
      extra: {
        'heatmap/heatmap-existing.json': JSON.stringify(HEATMAP_EXISTING, null, 2),
        'heatmap/heatmap-existing.csv': 'mRID,name,type,demandAvailableCapacity\n37e14a0f-5e34-4647-a062-8bfd9305fa9d,Anvil GSP,GSP,12.5\nb58bf21a-096a-4dae-9a01-3f03b60c24c7,Bramble Primary,Primary,-1.0\n',
        'heatmap/heatmap-1.json': JSON.stringify({ ...HEATMAP_EXISTING, identifier: 'LTDS_DEMO_2026-02_heatmap-1_v1' }, null, 2),
        'heatmap/index.html': '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>DEMO heatmap</title></head><body><h1>DEMO capacity heatmap</h1><svg width="10" height="10"></svg></body></html>\n',
        'reports/validation.json': JSON.stringify({ findings: [], counts: { error: 0, warning: 0, info: 0 } }),
      },
    },
  ]);
  return { outDir, manifests };
}

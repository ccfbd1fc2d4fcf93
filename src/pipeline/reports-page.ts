// The reports index page of a publication (reports/index.html): what each report file is, linked,
// so the index page's "reports" link opens a page rather than a 404 on any static host.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { esc } from './catalog.js';
import { writeFileAtomic } from './fs-util.js';
import type { PipelineStep } from './steps.js';

/** What each report file holds, by name. */
const DESCRIPTIONS: Record<string, string> = {
  'cases.txt': 'case checks: file sets, profiles, headers, dependencies, Difference Models against their base (text)',
  'cases.json': 'case checks, as JSON',
  'validation.txt': 'profile validation of every zip: header, vocabulary, SHACL, cross-file checks (text, like a compiler)',
  'validation.json': 'profile validation, as JSON',
  'validation.sarif': 'profile validation, as SARIF 2.1.0 (for code-scanning tools)',
};


/** The page listing `files` (name and size) of one publication's reports folder. */
export function reportsIndexHtml(title: string, files: readonly { name: string; size: number }[]): string {
  const rows = files.map((f) => `    <tr><td><a href="${esc(f.name)}">${esc(f.name)}</a></td><td class="n">${esc(f.size.toLocaleString('en-GB'))} bytes</td><td>${esc(DESCRIPTIONS[f.name] ?? '')}</td></tr>`);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>${esc(title)}</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 1rem; color: #1b1b1b; line-height: 1.4; }
    table { border-collapse: collapse; width: 100%; max-width: 60rem; }
    th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
    th { background: #f3f3f3; }
    td.n { text-align: right; white-space: nowrap; }
    a { color: #0b57d0; }
    @media (max-width: 600px) { body { margin: .5rem; } th:nth-child(2), td.n { display: none; } }
  </style>
</head>
<body>
  <p><a href="../../../../">← all publications</a> · <a href="../manifest.json">manifest</a></p>
  <h1>${esc(title)}</h1>
  <table>
    <tr><th>report</th><th>size</th><th>what it holds</th></tr>
${rows.join('\n')}
  </table>
</body>
</html>
`;
}

/** Writes reports/index.html over the reports the earlier steps wrote, and publishes it. */
export const reportsIndexStep: PipelineStep = {
  name: 'reports-index',
  async run(ctx) {
    const dir = join(ctx.staging, 'reports');
    if (!existsSync(dir)) return;
    const files = readdirSync(dir)
      .filter((n) => n !== 'index.html' && !n.startsWith('.'))
      .sort()
      .map((name) => ({ name, size: statSync(join(dir, name)).size }));
    const job = ctx.job;
    writeFileAtomic(join(dir, 'index.html'), reportsIndexHtml(`${job.area} ${job.year}-${job.period} v${job.version} — reports`, files));
    ctx.addFile('reports/index.html', null);
  },
};

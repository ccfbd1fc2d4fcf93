// The allowed import directions between the folders of src/, and the lint rule that enforces them.
// This table is the one place they are written; docs/internals.md shows it (test/layers.test.ts
// keeps the two equal) and `npm run lint` fails on any import that is not allowed here.
// A folder may import from itself and from the folders listed for it, nothing else. Type-only
// imports and re-exports count the same as value imports.

import path from 'node:path';

/** folder -> folders it may import from (direct imports; the table is acyclic). */
export const LAYERS = {
  errors: [],
  io: ['errors'],
  findings: ['errors'],
  'cim-xml': ['errors', 'findings'],
  profiles: ['errors', 'findings', 'cim-xml'],
  publication: ['errors'],
  diff: ['errors', 'findings', 'cim-xml'],
  validation: ['errors', 'findings', 'cim-xml', 'profiles', 'diff'],
  cases: ['errors', 'findings', 'io', 'cim-xml', 'profiles', 'publication'],
  samples: ['errors', 'io', 'cim-xml', 'profiles'],
  heatmap: ['errors', 'io', 'cim-xml', 'profiles'],
  pipeline: ['errors', 'findings', 'io', 'cim-xml', 'profiles', 'publication', 'diff', 'validation', 'cases', 'heatmap'],
  store: ['errors'],
  mail: ['errors'],
  portal: [],
  webhooks: ['errors', 'store'],
  dar: ['errors', 'store', 'webhooks', 'mail'],
  tariffs: ['errors', 'store', 'webhooks'],
  services: ['errors', 'store', 'webhooks', 'dar', 'tariffs'],
  server: ['errors', 'io', 'cim-xml', 'publication', 'store', 'mail', 'portal', 'webhooks', 'dar', 'tariffs', 'services'],
  cli: [
    'errors', 'io', 'findings', 'cim-xml', 'profiles', 'publication', 'diff', 'validation', 'cases', 'samples',
    'heatmap', 'pipeline', 'store', 'mail', 'portal', 'webhooks', 'dar', 'tariffs', 'services', 'server',
  ],
};

/** The src/ folder a path (absolute or relative to the repository root) lies in, or undefined. */
function folderOf(file, root) {
  const rel = path.relative(root, path.resolve(root, file)).split(path.sep);
  return rel[0] === 'src' && rel.length > 2 ? rel[1] : undefined;
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports between src/ folders follow the table in scripts/lint/layers.mjs' },
    schema: [],
    messages: {
      forbidden: "src/{{from}} may not import from src/{{to}} (allowed: {{allowed}}; see docs/internals.md 'Layers')",
      unknown: 'src/{{folder}} is not in the layer table (scripts/lint/layers.mjs): add it with the folders it may import',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = folderOf(file, root);
    if (from === undefined) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = folderOf(path.join(path.dirname(file), source), root);
      if (to === undefined || to === from) return;
      const allowed = LAYERS[from];
      if (allowed === undefined) {
        context.report({ node, messageId: 'unknown', data: { folder: from } });
      } else if (!allowed.includes(to)) {
        context.report({ node, messageId: 'forbidden', data: { from, to, allowed: allowed.join(', ') || 'none' } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export const layersPlugin = { rules: { layers: layersRule } };

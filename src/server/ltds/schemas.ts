// JSON Schemas of the LTDS grid-modelling API: they validate requests and generate the OpenAPI document.

export const selectorQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    publicationYear: { type: 'string', pattern: '^[0-9]{4}$', description: 'Publication year (4 digits). With `period`, picks the cycle; absent: the latest publication of the stage.' },
    period: { type: 'string', enum: ['01', '02'], description: '`01` (May cycle) or `02` (November cycle).' },
    version: { type: 'integer', minimum: 1, description: 'Publication version (≥ 1); absent: the latest version of the cycle.' },
  },
} as const;

export const licenceAreaParam = {
  type: 'string',
  pattern: '^[A-Za-z0-9]{1,16}$',
  description: 'Licence area code (e.g. EPN, SPM, DEMO).',
} as const;

export const projectIdParam = {
  type: 'string',
  pattern: '^[A-Za-z0-9-]{1,24}$',
  description: 'Development Project id (at most 24 characters of A–Z, a–z, 0–9 and -).',
} as const;

export const FAULT_LEVEL_FILES = ['EQ.xml', 'SC.xml', 'SCR.xml'] as const;
export const NETS_FILES = ['EQ.xml', 'SC.xml', 'GL.xml', 'DL.xml', 'SSH.xml', 'TP.xml', 'SV.xml'] as const;
export const PROJECT_FILES = ['EQ.xml', 'SC.xml', 'GL.xml'] as const;

export const cimFileParam = (files: readonly string[]) => ({ type: 'string', enum: [...files], description: `CIM file in the case: ${files.join(', ')}.` }) as const;

const binary = { type: 'string', format: 'binary' } as const;

export const zipResponse = {
  200: { description: 'The case archive (Content-Disposition names it by the zip naming convention).', content: { 'application/zip': { schema: binary } } },
  206: { description: 'The requested byte range of the archive.', content: { 'application/zip': { schema: binary } } },
  304: { description: 'Not modified (If-None-Match matched the ETag).' },
} as const;

export const cimFileResponse = (what: string) =>
  ({
    200: {
      description: `${what}, read straight out of the case zip; with \`Accept: application/json\` its JSON projection.`,
      content: {
        'application/rdf+xml': { schema: binary },
        'application/json': {
          schema: {
            type: 'object',
            properties: { header: { type: ['object', 'null'] }, namespaces: { type: 'object' }, objects: { type: 'array', items: { type: 'object' } } },
            required: ['header', 'namespaces', 'objects'],
          },
        },
      },
    },
    304: { description: 'Not modified (If-None-Match matched the ETag).' },
  }) as const;

const fileRecord = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    profile: { type: 'string' },
    profiles: { type: 'array', items: { type: 'string' } },
    modelId: { type: ['string', 'null'] },
    size: { type: 'integer' },
    sha256: { type: 'string' },
    url: { type: ['string', 'null'] },
  },
} as const;

const caseRecord = {
  type: 'object',
  properties: {
    case: { type: 'string' },
    kind: { type: 'string', enum: ['Full', 'Difference'] },
    projectId: { type: ['string', 'null'] },
    zip: { type: 'string' },
    size: { type: 'integer' },
    sha256: { type: 'string' },
    url: { type: ['string', 'null'] },
    staticUrl: { type: 'string' },
    files: { type: 'array', items: fileRecord },
  },
} as const;

export const publicationsResponse = {
  200: {
    description: 'The publications of the licence area and their cases.',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['licenceArea', 'publications'],
          properties: {
            licenceArea: { type: 'string' },
            publications: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  publicationYear: { type: 'integer' },
                  period: { type: 'string' },
                  version: { type: 'integer' },
                  stage: { type: 'integer', enum: [2, 3] },
                  created: { type: 'string' },
                  path: { type: 'string' },
                  manifestSha256: { type: 'string' },
                  cases: { type: 'array', items: caseRecord },
                  files: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, size: { type: 'integer' }, sha256: { type: 'string' }, case: { type: ['string', 'null'] }, staticUrl: { type: 'string' } } } },
                },
              },
            },
          },
        },
      },
    },
  },
  304: { description: 'Not modified.' },
} as const;

export const projectsResponse = {
  200: {
    description: 'The firm grid Development Projects of the selected Stage 3 publication.',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['licenceArea', 'publicationYear', 'period', 'version', 'projects'],
          properties: {
            licenceArea: { type: 'string' },
            publicationYear: { type: 'integer' },
            period: { type: 'string' },
            version: { type: 'integer' },
            stage: { type: 'integer' },
            projects: { type: 'array', items: caseRecord },
          },
        },
      },
    },
  },
  304: { description: 'Not modified.' },
} as const;

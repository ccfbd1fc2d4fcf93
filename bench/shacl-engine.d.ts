// Minimal types for shacl-engine (the test oracle), which ships none.
declare module 'shacl-engine' {
  export class Validator {
    constructor(shapes: unknown, options: { factory: unknown });
    validate(data: { dataset: unknown }): Promise<{ conforms: boolean; dataset: { match(s?: unknown, p?: unknown, o?: unknown): Iterable<{ subject: { value: string; termType: string }; object: { value: string; termType: string } }> } }>;
  }
}

// Types for layers.mjs (the lint rule itself is plain JavaScript so eslint.config.js can load it).
export declare const LAYERS: Record<string, string[]>;
export declare const layersPlugin: { rules: Record<string, unknown> };

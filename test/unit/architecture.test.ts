import { describe, expect, it } from 'vitest';
import { cyclesOf, importGraph } from '../support/import-graph.ts';

/**
 * The layers of ARCHITECTURE.md ("Layers"), and what each may import. A module's layer is its folder under
 * `functions/` (or its own name, for the few modules at the top). Everything not listed is upward.
 */
const mayImport: Record<string, string[]> = {
  domain: ['domain'],
  documents: ['domain', 'documents'],
  mail: ['domain', 'documents', 'mail'],
  app: ['domain', 'documents', 'mail', 'app'],
  'table-layout': [],
  http: ['domain', 'app', 'http'],
  adapters: ['domain', 'documents', 'app', 'adapters', 'table-layout'],
  compose: ['domain', 'app', 'adapters', 'table-layout'],
  manifest: ['table-layout', 'http'],
  'edge-headers': [],
  handlers: [
    'domain',
    'documents',
    'mail',
    'app',
    'http',
    'compose',
    'manifest',
    'table-layout',
    'edge-headers',
    'handlers',
  ],
  // Stand-ins esbuild puts in place of heavy package internals: they reach into node_modules by path.
  'bundle-shims': ['bundle-shims'],
};

/** Packages that tie code to AWS or to Lambda: only the edge (adapters, handlers, compose) may use them. */
const AWS_BOUND = /^(@aws-sdk\/|@aws-lambda-powertools\/|@middy\/|aws-lambda$)/;

const layerOf = (module: string) => {
  const [, first = '', second] = module.split('/');
  return second === undefined ? first.replace(/\.ts$/, '') : first;
};

const graph = importGraph();

describe('the layers of functions/', () => {
  it('knows the layer of every module, so a new folder must be placed before it is used', () => {
    const unplaced = [...graph.modules.keys()].filter((module) => !(layerOf(module) in mayImport));
    expect(unplaced).toEqual([]);
  });

  it('never imports upward: each layer imports only the layers below it', () => {
    const upward = [...graph.modules].flatMap(([module, imports]) =>
      imports
        .filter((target) => target.startsWith('functions/'))
        .filter((target) => !mayImport[layerOf(module)]?.includes(layerOf(target)))
        .map((target) => `${module} → ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cyclesOf(graph.modules)).toEqual([]);
  });

  it('keeps the domain pure: zod is its only package', () => {
    const impure = [...graph.packages]
      .filter(([module]) => layerOf(module) === 'domain')
      .flatMap(([module, packages]) =>
        packages.filter((name) => !/^zod(\/|$)/.test(name)).map((name) => `${module} → ${name}`),
      );
    expect(impure).toEqual([]);
  });

  it('keeps AWS and Lambda out of the use cases, the mails and the documents', () => {
    const bound = [...graph.packages]
      .filter(([module]) => ['app', 'mail', 'documents', 'domain', 'http'].includes(layerOf(module)))
      .flatMap(([module, packages]) =>
        packages.filter((name) => AWS_BOUND.test(name)).map((name) => `${module} → ${name}`),
      );
    expect(bound).toEqual([]);
  });
});

describe('the import check itself', () => {
  it('finds a cycle of two modules and of one module importing itself', () => {
    const modules = new Map([
      ['a', ['b']],
      ['b', ['a']],
      ['c', ['c']],
      ['d', ['a']],
    ]);
    expect(cyclesOf(modules)).toEqual([['a', 'b'], ['c']]);
  });
});

// The layering of lib/ (docs/ARCHITECTURE.md, layers), checked on the compiled dist/lib by
// dependency-cruiser (test/14-layers.test.ts runs it): no import cycle, every import points down
// the list of layers below, and only lib/kernels loads the addon.
//
// Bottom to top; a layer may import its own folder and any layer before it. Folders on one row
// are peers and may not import each other.
const LAYERS = [
  ['kernels'],
  ['tensor'],
  ['autograd'],
  ['ops'],
  ['derivatives'],
  ['calculus', 'linalg'],
  ['nn'],
  ['optim'],
  ['data', 'checkpoint', 'report'],
  ['train'],
  ['strategies'],
  ['cli'],
];

const lib = '^dist/lib/';
const folder = (names) => `${lib}(${names.join('|')})/`;

const layerRules = LAYERS.flatMap((row, level) =>
  row.flatMap((name) => {
    const peers = row.filter((p) => p !== name);
    const higher = [...LAYERS.slice(level + 1).flat(), ...peers];
    if (higher.length === 0) return [];
    return [{
      name: `${name}-imports-only-lower-layers`,
      comment: `lib/${name} may not import ${higher.join(', ')}`,
      severity: 'error',
      from: { path: `${lib}${name}/` },
      to: { path: folder(higher) },
    }];
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle in lib/',
      severity: 'error',
      from: { path: lib },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'only-the-package-root-is-the-package-root',
      comment: 'lib/index.ts re-exports the library; only the command line (its user) imports it',
      severity: 'error',
      from: { path: lib, pathNot: `${lib}(cli/|index\\.js$)` },
      to: { path: `${lib}index\\.js$` },
    },
    {
      name: 'one-door-to-the-addon',
      comment: 'every call into the addon goes through lib/kernels: nothing else loads the addon module',
      severity: 'error',
      from: { path: lib, pathNot: `${lib}kernels/` },
      to: { path: [`${lib}kernels/addon\\.js$`, '\\.node$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.map$' },
    moduleSystems: ['cjs'],
  },
};

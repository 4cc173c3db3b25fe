// Loads Vega and Vega-Lite, which ship as ES modules only, from descent's CommonJS build.
//
// `require()` cannot load them: Node 20.17 has no require(esm) without a flag, and vega-canvas
// uses top-level await, which require(esm) refuses on every Node version. TypeScript compiling to
// CommonJS rewrites `import()` into `require()`, so the dynamic import is created at run time where
// the compiler cannot see it. The specifier is resolved with require.resolve first and passed as a
// file URL, so the import does not depend on the directory Node resolves `import()` from inside a
// Function body. Loading happens on the first chart, never when descent itself is required.
import { pathToFileURL } from 'url';
import type * as Vega from 'vega' with { 'resolution-mode': 'import' };
import type * as VegaLite from 'vega-lite' with { 'resolution-mode': 'import' };

export type VegaModule = typeof Vega;
export type VegaLiteModule = typeof VegaLite;

export interface VegaModules {
  vega: VegaModule;
  vegaLite: VegaLiteModule;
}

const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

let loaded: Promise<VegaModules> | undefined;

async function importPackage(name: string): Promise<unknown> {
  let resolved: string;
  try {
    resolved = require.resolve(name);
  } catch (e) {
    throw new Error(`report: the package '${name}' is not installed (it is a dependency of descent; run npm install)`, { cause: e });
  }
  return importModule(pathToFileURL(resolved).href);
}

/** The two modules, imported once per process. */
export function loadVega(): Promise<VegaModules> {
  loaded ??= Promise.all([importPackage('vega'), importPackage('vega-lite')]).then(
    ([vega, vegaLite]) => ({ vega: vega as VegaModule, vegaLite: vegaLite as VegaLiteModule }),
    (e: unknown) => {
      loaded = undefined;
      throw e;
    },
  );
  return loaded;
}

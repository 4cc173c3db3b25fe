// One chart: a Vega-Lite specification compiled to Vega and rendered to an SVG string in Node,
// with no canvas, no browser and no network.
import { loadVega } from './vega-modules';
import type { VegaModule } from './vega-modules';

/**
 * A Vega-Lite specification as a plain JSON object (the `TopLevelSpec` of the Vega-Lite
 * documentation). Vega-Lite itself checks it when it is compiled. Data must be inline
 * (`data: { values: [...] }`): rendering refuses to load anything by URL or from a file.
 */
export type VegaLiteSpec = object;

export interface ChartRenderOptions {
  /** Called with each warning of Vega-Lite's compiler or Vega's runtime; by default they are dropped. */
  onWarning?: (message: string) => void;
}

type Logger = ReturnType<VegaModule['logger']>;

/** A logger in the shape Vega and Vega-Lite expect: errors throw, warnings go to `onWarning`. */
function reportLogger(onWarning: ((message: string) => void) | undefined): Logger {
  const text = (args: unknown[]): string => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger: Logger = {
    level(level?: number) {
      return level === undefined ? 2 : logger;
    },
    error(...args: unknown[]) {
      throw new Error(`renderChartSvg: ${text(args)}`);
    },
    warn(...args: unknown[]) {
      onWarning?.(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/**
 * A Vega loader that loads nothing, so a spec can never make the renderer read a file or the
 * network. Vega reports a failed load as a warning and draws on, so the refusals are kept and
 * the render fails afterwards.
 */
function refusingLoader(refused: string[]) {
  const refuse = (what: string): Promise<never> => {
    refused.push(what);
    return Promise.reject(new Error(`refusing to load ${what}`));
  };
  return {
    load: (uri: string) => refuse(uri),
    sanitize: (uri: string) => refuse(uri),
    http: (uri: string) => refuse(uri),
    file: (filename: string) => refuse(filename),
  };
}

/**
 * Renders a Vega-Lite specification to a standalone SVG document string (`<svg ...>...</svg>`,
 * fonts named by family only, nothing external), for example to inline in an HTML page.
 */
export async function renderChartSvg(spec: VegaLiteSpec, options: ChartRenderOptions = {}): Promise<string> {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new TypeError('renderChartSvg: spec must be a Vega-Lite specification object');
  }
  const { vega, vegaLite } = await loadVega();
  const logger = reportLogger(options.onWarning);
  const compiled = vegaLite.compile(spec as Parameters<typeof vegaLite.compile>[0], { logger });
  const refused: string[] = [];
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', loader: refusingLoader(refused), logger });
  try {
    const svg = await view.toSVG();
    if (refused.length > 0) throw new Error(`renderChartSvg: charts take inline data only; refusing to load ${refused.join(', ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

// The self-contained HTML page around the charts: inline CSS, inline SVG, no script, and a
// Content-Security-Policy that forbids the browser to fetch anything (fonts, images, styles,
// scripts), so the file opens the same offline, from an e-mail attachment or a CI artifact.

/** The policy in the page's meta tag: nothing but the inline style may load. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A two-column table of label/value rows (values are text, escaped here). */
export function keyValueTable(rows: ReadonlyArray<readonly [string, string]>, caption?: string): string {
  const body = rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  const cap = caption === undefined ? '' : `<caption>${escapeHtml(caption)}</caption>`;
  return `<table class="kv">${cap}<tbody>${body}</tbody></table>`;
}

/** A table with a header row (cells are text, escaped here; numeric columns align right). */
export function gridTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, caption?: string): string {
  const head = `<thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const numeric = (s: string): boolean => /^[-+]?[\d,.]+(e[-+]?\d+)?( %| s| ms)?$/.test(s);
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td${numeric(c) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`)).join('')}</tr>`)
    .join('');
  const cap = caption === undefined ? '' : `<caption>${escapeHtml(caption)}</caption>`;
  return `<table class="grid">${cap}${head}<tbody>${body}</tbody></table>`;
}

export interface Figure {
  /** Used as the element id, prefixed with `chart-`. */
  id: string;
  /** The chart's title, also its accessible name. */
  title: string;
  svg: string;
  /** Plain text under the chart (downsampling, scale). */
  caption?: string;
}

export interface PageParts {
  title: string;
  note?: string;
  /** HTML of the summary section (built with the table helpers). */
  summary: string;
  figures: Figure[];
  /** Plain-text lines under the charts, for example what was not recorded. */
  remarks?: string[];
  footer: string;
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: #222; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 40px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 10px; color: #333; }
.note { margin: 4px 0 0; padding: 6px 10px; background: #fff7e0; border-left: 3px solid #e0a800; display: inline-block; }
.summary { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
table { border-collapse: collapse; background: #fff; border: 1px solid #dde1e6; }
caption { text-align: left; font-weight: 600; padding: 0 0 4px; color: #444; }
th, td { padding: 4px 10px; border-bottom: 1px solid #eef0f3; text-align: left; vertical-align: top; }
.kv th { color: #555; font-weight: normal; white-space: nowrap; }
.grid thead th { background: #f0f2f5; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(600px, 1fr)); gap: 18px; }
figure.chart { margin: 0; padding: 10px; background: #fff; border: 1px solid #dde1e6; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #666; font-size: 12px; margin-top: 4px; }
details.epochs { flex-basis: 100%; }
details.epochs summary { cursor: pointer; color: #444; margin-bottom: 6px; }
.remarks { color: #666; font-size: 13px; }
footer { margin-top: 28px; color: #888; font-size: 12px; }
`;

/**
 * Prepares a chart's SVG for inlining: drops an XML prolog, names it for assistive technology, and
 * prefixes its element ids (Vega numbers clip paths `clip1`, `clip2`, ... in every chart, and in one
 * HTML document a `url(#clip1)` would resolve to the first chart's clip path).
 */
export function inlineSvg(svg: string, label: string, idPrefix: string): string {
  return svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/^<svg\b/, `<svg role="img" aria-label="${escapeHtml(label)}"`)
    .replace(/\bid="([^"]*)"/g, (_, id: string) => `id="${idPrefix}${id}"`)
    .replace(/url\(#([^)]*)\)/g, (_, id: string) => `url(#${idPrefix}${id})`)
    .replace(/\bhref="#([^"]*)"/g, (_, id: string) => `href="#${idPrefix}${id}"`);
}

export function htmlPage(p: PageParts): string {
  const note = p.note === undefined ? '' : `<p class="note">${escapeHtml(p.note)}</p>`;
  const figures = p.figures
    .map((f) => {
      const caption = f.caption === undefined ? '' : `<figcaption>${escapeHtml(f.caption)}</figcaption>`;
      return `<figure class="chart" id="chart-${escapeHtml(f.id)}">${inlineSvg(f.svg, f.title, `${f.id}-`)}${caption}</figure>`;
    })
    .join('\n');
  const remarks = p.remarks === undefined || p.remarks.length === 0 ? '' : `<ul class="remarks">${p.remarks.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="descent">
<title>${escapeHtml(p.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(p.title)}</h1>
${note}
<h2>Summary</h2>
<section class="summary">${p.summary}</section>
<h2>Charts</h2>
<section class="charts">
${figures}
</section>
${remarks}
<footer>${escapeHtml(p.footer)}</footer>
</main>
</body>
</html>
`;
}

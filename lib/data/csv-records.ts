// A CSV tokenizer (RFC 4180): records separated by CRLF, LF or CR; fields by one delimiter
// character; a field in quotes may hold delimiters, line breaks and doubled quotes ("" for ").
// A quote inside an unquoted field is taken literally. A leading byte-order mark is skipped.

export interface CsvRecordOptions {
  /** Field separator, one character (default ','). */
  delimiter?: string;
  /** Quote character (default '"'). */
  quote?: string;
  /** Lines starting with this string are skipped (default: none). */
  comment?: string | null;
  /** Trim spaces and tabs around unquoted fields and around quotes (default true). */
  trim?: boolean;
  /** Skip records that are one empty field (blank lines) (default true). */
  skipEmptyLines?: boolean;
}

export interface CsvRecords {
  rows: string[][];
  /** The 1-based line on which each record starts. */
  lines: number[];
}

function oneChar(value: string | undefined, fallback: string, name: string, op: string): number {
  const s = value ?? fallback;
  if (typeof s !== 'string' || s.length !== 1 || s === '\n' || s === '\r') {
    throw new TypeError(`${op}: ${name} must be one character other than a line break, got ${JSON.stringify(s)}`);
  }
  return s.charCodeAt(0);
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** Splits CSV text into records of string fields. */
export function parseCsvRecords(text: string, opts: CsvRecordOptions = {}, source = 'CSV text', op = 'parseCsv'): CsvRecords {
  if (typeof text !== 'string') throw new TypeError(`${op}: expected a string`);
  const delim = oneChar(opts.delimiter, ',', 'delimiter', op);
  const quote = oneChar(opts.quote, '"', 'quote', op);
  if (delim === quote) throw new TypeError(`${op}: delimiter and quote must differ`);
  const comment = opts.comment ?? null;
  if (comment !== null && (typeof comment !== 'string' || comment.length === 0)) throw new TypeError(`${op}: comment must be a non-empty string or null`);
  const trim = opts.trim ?? true;
  const skipEmpty = opts.skipEmptyLines ?? true;
  const blank = (c: number) => trim && (c === SPACE || c === TAB) && c !== delim;

  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const rows: string[][] = [];
  const lines: number[] = [];
  // Steps over the line break at i (CRLF counts once).
  const endOfLine = () => {
    if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i += 2;
    else i++;
    line++;
  };
  while (i < n) {
    const recordLine = line;
    if (comment !== null && text.startsWith(comment, i)) {
      while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
      if (i < n) endOfLine();
      continue;
    }
    const row: string[] = [];
    let quotedAny = false;
    for (;;) {
      while (i < n && blank(text.charCodeAt(i))) i++;
      let value: string;
      if (i < n && text.charCodeAt(i) === quote) {
        quotedAny = true;
        const openLine = line;
        i++;
        let start = i;
        value = '';
        for (;;) {
          if (i >= n) throw new SyntaxError(`${op}: ${source}: line ${openLine}: unterminated quoted field`);
          const c = text.charCodeAt(i);
          if (c === quote) {
            if (text.charCodeAt(i + 1) === quote) {
              value += text.slice(start, i + 1);
              i += 2;
              start = i;
              continue;
            }
            value += text.slice(start, i);
            i++;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
        while (i < n && blank(text.charCodeAt(i))) i++;
        const c = text.charCodeAt(i);
        if (i < n && c !== delim && c !== LF && c !== CR) {
          throw new SyntaxError(`${op}: ${source}: line ${line}: unexpected ${JSON.stringify(text[i])} after a closing quote`);
        }
      } else {
        const start = i;
        for (; i < n; i++) {
          const c = text.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
        }
        let end = i;
        while (end > start && blank(text.charCodeAt(end - 1))) end--;
        value = text.slice(start, end);
      }
      row.push(value);
      if (i < n && text.charCodeAt(i) === delim) {
        i++;
        continue;
      }
      if (i < n) endOfLine();
      break;
    }
    if (skipEmpty && !quotedAny && row.length === 1 && row[0] === '') continue;
    rows.push(row);
    lines.push(recordLine);
  }
  return { rows, lines };
}

/** One record of a CSV file: its cells, and the 1-based line of the file where it starts. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

const DELIMITERS = [",", ";", "\t"] as const;

/**
 * CSV as Excel and weather stations write it: quoted fields with doubled quotes (a quoted field may
 * span lines), CRLF or LF, and the delimiter the first line uses most of comma, semicolon or tab
 * (a comma on a tie). Blank records are skipped; each record keeps its line for problem reports.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.replace(/^\uFEFF/, "");
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const count = (d: string) => firstLine.split(d).length - 1;
  const delimiter = DELIMITERS.reduce((best, d) => (count(d) > count(best) ? d : best));
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const endRecord = () => {
    cells.push(field);
    if (cells.some((v) => v.trim() !== "")) records.push({ line: startLine, cells });
    cells = [];
    field = "";
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === "\n" || (ch === "\r" && source[i + 1] !== "\n")) line++;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && source[i + 1] === "\n") {
        i++;
        line++;
      }
      endRecord();
      startLine = line;
    } else field += ch;
  }
  if (field !== "" || cells.length > 0) endRecord();
  return records;
}

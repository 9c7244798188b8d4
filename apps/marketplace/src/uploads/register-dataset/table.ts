/** A cell as read from an upload: text (CSV, JSON strings), a JSON number, or missing. */
export type Cell = string | number | null;

/** Tabular upload before typing: a header and rows of cells (missing trailing cells are null). */
export interface Table {
  columns: string[];
  rows: Cell[][];
}

/** More columns than this are refused before any row is built (the event allows 1024 features + a label). */
export const MAX_COLUMNS = 1025;

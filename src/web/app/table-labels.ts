import { useEffect } from "react";

/**
 * On a phone every table stacks into one block per row (styles.css), and a cell no longer stands
 * under its column's heading: "1 728,0" alone does not say it is m³. Each body and foot cell is
 * given its column's heading as `data-label`, which the phone's layout shows above it. A cell that
 * sets its own `data-label` keeps it; one spanning several columns, or under an empty heading
 * (a column of buttons), gets none.
 */
export function labelCells(table: HTMLTableElement): void {
  const head = table.tHead;
  const headingRow = head?.rows[head.rows.length - 1];
  if (!headingRow) return;
  const headings: string[] = [];
  for (const heading of Array.from(headingRow.cells))
    for (let span = 0; span < heading.colSpan; span++) headings.push(heading.textContent?.trim() ?? "");
  const rows = [
    ...Array.from(table.tBodies).flatMap((body) => Array.from(body.rows)),
    ...(table.tFoot?.rows ?? []),
  ];
  for (const row of rows) {
    let column = 0;
    for (const cell of Array.from(row.cells)) {
      const label = cell.colSpan === 1 ? (headings[column] ?? "") : "";
      column += cell.colSpan;
      if (cell.tagName !== "TD") continue;
      // Labels set here are marked, so a heading that changes (the language switched) relabels
      // them, while a page's own label is never touched.
      const ours = cell.dataset.labelAuto !== undefined;
      if (cell.hasAttribute("data-label") && !ours) continue;
      if (label === "") {
        if (ours) {
          delete cell.dataset.label;
          delete cell.dataset.labelAuto;
        }
      } else if (cell.dataset.label !== label) {
        cell.dataset.label = label;
        cell.dataset.labelAuto = "";
      }
    }
  }
}

/** The tables a batch of DOM changes touched: those changed inside and those added whole. */
function tablesTouched(records: MutationRecord[]): Set<HTMLTableElement> {
  const tables = new Set<HTMLTableElement>();
  for (const record of records) {
    const element = record.target instanceof Element ? record.target : record.target.parentElement;
    const around = element?.closest("table");
    if (around) tables.add(around);
    for (const added of Array.from(record.addedNodes)) {
      if (!(added instanceof Element)) continue;
      if (added instanceof HTMLTableElement) tables.add(added);
      for (const inner of Array.from(added.getElementsByTagName("table"))) tables.add(inner);
    }
  }
  return tables;
}

/**
 * Keeps every table of the page labelled for the phone as React renders, pages and translates it.
 * Only labels are written (attributes), which the observer does not watch, so it never wakes itself.
 */
export function useTableCellLabels(): void {
  useEffect(() => {
    for (const table of Array.from(document.getElementsByTagName("table"))) labelCells(table);
    const observer = new MutationObserver((records) => {
      for (const table of tablesTouched(records)) labelCells(table);
    });
    observer.observe(document.body, { childList: true, characterData: true, subtree: true });
    return () => observer.disconnect();
  }, []);
}

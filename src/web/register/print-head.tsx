import { useTranslation } from "react-i18next";
import { formatToday } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";

/** The line a register's paper starts with: whose book or report it is, and the day it was printed. */
export function PrintHead({ keeper }: { keeper: string }) {
  const { t } = useTranslation();
  return (
    <p className="print-only print-head">
      {keeper} · {t("reg.printedOn")} {formatToday(currentLocale())}
    </p>
  );
}

/** A text as a CSS string: quotes and backslashes escaped, line breaks made spaces. */
const cssString = (text: string) => `"${text.replace(/[\\"]/g, "\\$&").replace(/[\n\r\f]/g, " ")}"`;

/**
 * A line at the top of every printed page, with the page's number of all (a margin box of CSS
 * paged media): a loose second page of a card still says whose it is. Only while it is shown.
 */
export function RunningHead({ text }: { text: string }) {
  return (
    <style>
      {`@media print { @page { margin: 16mm 14mm;
  @top-left { content: ${cssString(text)}; font: 8pt "Noto Sans", "DejaVu Sans", sans-serif; }
  @top-right { content: counter(page) " / " counter(pages); font: 8pt "Noto Sans", "DejaVu Sans", sans-serif; } } }`}
    </style>
  );
}

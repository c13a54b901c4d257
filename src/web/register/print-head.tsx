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

import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

/**
 * Previous / next under a list, kept in the URL (`page`, and `pageSize` where the list offers a
 * choice of sizes) with the list's other filters, so a page can be bookmarked, reloaded and sent.
 * A filter that changes the list drops `page` itself; the pager never does. A second list on
 * one page keeps its page under its own `param` and names itself by `label` for screen readers.
 * A list that fits one page has no pager, unless it offers page sizes.
 */
export function Pager({
  page,
  hasMore,
  sizes,
  pageSize,
  param = "page",
  label,
}: {
  page: number;
  hasMore: boolean;
  /** Page sizes to choose from; none: the list's own size, no choice. */
  sizes?: readonly number[];
  pageSize?: number;
  param?: string;
  /** What the pager pages, when a page has two lists. */
  label?: string;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const goTo = (n: number) => setParams(withPage(params, n, param));
  const resize = (size: string) => {
    const next = new URLSearchParams(params);
    next.set("pageSize", size);
    // The same rows start elsewhere at another size: back to the first page.
    next.delete("page");
    setParams(next);
  };
  if (page === 1 && !hasMore && !sizes) return null;
  return (
    <nav className="actions pager" aria-label={label ?? t("common.pages")}>
      {page > 1 && (
        <button type="button" data-go="previous" onClick={() => goTo(page - 1)}>
          {t("reg.previous")}
        </button>
      )}
      <span className="muted">{t("reg.pageN", { page })}</span>
      {hasMore && (
        <button type="button" data-go="next" onClick={() => goTo(page + 1)}>
          {t("reg.next")}
        </button>
      )}
      {sizes && (
        <label className="muted">
          {t("common.pageSize")}{" "}
          <select
            name="pageSize"
            value={String(pageSize ?? sizes[0])}
            onChange={(e) => resize(e.target.value)}
          >
            {sizes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      )}
    </nav>
  );
}

/** The page a list's URL asks for (1 when absent or not a page). */
export function pageIn(params: URLSearchParams, param = "page"): number {
  const page = Number(params.get(param));
  return Number.isInteger(page) && page > 1 ? page : 1;
}

/** The URL's parameters with the list on page `n` (the first page is no parameter at all). */
export function withPage(params: URLSearchParams, n: number, param = "page"): URLSearchParams {
  const next = new URLSearchParams(params);
  if (n > 1) next.set(param, String(n));
  else next.delete(param);
  return next;
}

/**
 * How many a list found, above its page. A register search reads one row past its page to know
 * there is more, and no further: counting every match would read a common name's or a whole
 * district's rows (1.5 million households at national scale) for each page. So an earlier page says
 * which it shows and that there are more, and the last one which it shows and how many in all (a
 * single page: how many, all shown). A list cheap to count (one organisation's certificates) gives
 * its `total`, and every page says it.
 */
export function MatchCount({
  page,
}: {
  page: { items: unknown[]; page: number; pageSize: number; hasMore: boolean; total?: number };
}) {
  const { t } = useTranslation();
  const from = (page.page - 1) * page.pageSize + 1;
  const to = from + page.items.length - 1;
  const count = page.total ?? to;
  return (
    <p className="muted match-count">
      {page.hasMore && page.total === undefined
        ? t("reg.foundMore", { from, to })
        : from === 1 && to === count
          ? t("reg.found", { count })
          : t("reg.foundLast", { from, to, count })}
    </p>
  );
}

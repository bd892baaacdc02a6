// 统计看板: the figures of the supervisor's subtree over a period, table first: one row per
// child unit and a total, every count a button that opens the cases behind it (so the numbers
// can be checked), rates with their numerator and denominator, the Chinese summary paragraph,
// the ranking of the child units with its colour bands in words, and the table as CSV.
import { h, clear, field } from "../dom.js";
import { t, language, enumName } from "../i18n.js";
import { deadlineChip } from "./common.js";

const COUNTS = ["received", "open", "due", "closed", "closed_on_time", "overdue", "reopened", "escalated"];
const RATES = ["closure", "on_time", "rework", "grid_level"];
const BAND = { 1: "band_green", 2: "band_yellow", 3: "band_red" };

export function figuresPage(app) {
  const year = new Date().getFullYear();
  const from = field({ label: t("figures_from"), control: h("input", { type: "date", value: `${year}-01-01` }) });
  const to = field({ label: t("figures_to"), control: h("input", { type: "date", value: `${year + 1}-01-01` }) });
  const table = h("div", { class: "figures-table" });
  const summary = h("p", { class: "summary-text" });
  const ranking = h("div", {});
  const drill = h("section", { class: "drill", "aria-live": "polite", "aria-labelledby": "drill-h" });
  const csv = h("a", { class: "button-link", download: "figures.csv", href: "#", hidden: true }, t("figures_csv"));
  const el = h(
    "div",
    { class: "page figures wide" },
    h("h1", {}, t("figures_title")),
    h(
      "form",
      { class: "inline-form", novalidate: true, onsubmit: (e) => { e.preventDefault(); load(); } },
      from.el,
      to.el,
      h("button", { type: "submit", class: "primary" }, t("figures_show")),
      csv,
    ),
    summary,
    h("section", { "aria-labelledby": "fig-h" }, h("h2", { id: "fig-h" }, t("figures_by_unit")), table),
    drill,
    h("section", { "aria-labelledby": "rank-h" }, h("h2", { id: "rank-h" }, t("figures_ranking")), ranking),
  );
  let csvUrl = null;

  async function load() {
    if (!app.api.online) {
      clear(table, h("p", { class: "form-error" }, t("error_offline")));
      return;
    }
    const range = { from: from.control.value, to: to.control.value };
    let figures;
    let rank;
    try {
      [figures, rank] = await Promise.all([
        app.api.call("getFigures", { ...range, byChildUnit: true }).then((r) => r.value),
        app.api.call("getRanking", range).then((r) => r.value),
      ]);
    } catch (e) {
      clear(table, h("p", { class: "form-error" }, t("error_generic", { message: e.message })));
      return;
    }
    const defs = new Map(figures.definitions.map((d) => [d.code, d]));
    const label = (code) => (language() === "en" ? defs.get(code)?.labelEn : defs.get(code)?.labelZh) ?? code;
    const names = new Map(figures.children.map((u) => [String(u.id), u.name]));
    const rows = [
      ...figures.cells.map((cell) => ({ unitId: cell.unitId, name: names.get(String(cell.unitId)) ?? `#${cell.unitId}`, set: cell.figures })),
      { unitId: figures.unit.id, name: `${t("board_total")}（${figures.unit.name}）`, set: figures.total, total: true },
    ];
    const countCell = (row, code) => {
      const n = Number(row.set.counts[code] ?? 0n);
      return h("td", { class: "num" }, n ? h("button", { type: "button", class: "link", "aria-label": `${row.name} ${label(code)} ${n}`, onclick: () => open(row, code, range, label(code), n) }, String(n)) : "0");
    };
    const rateCell = (row, code) => {
      const r = row.set.rates.find((x) => x.code === code);
      if (!r || !r.denominator) return h("td", { class: "num muted" }, "—");
      const pct = ((Number(r.numerator) / Number(r.denominator)) * 100).toFixed(1);
      const num = defs.get(code)?.numerator ?? [];
      return h(
        "td",
        { class: "num" },
        `${pct}% `,
        h("span", { class: "muted" }, "("),
        num.length === 1 && Number(r.numerator)
          ? h("button", { type: "button", class: "link", "aria-label": `${row.name} ${label(code)} ${label(num[0])} ${r.numerator}`, onclick: () => open(row, num[0], range, label(num[0]), Number(r.numerator)) }, String(r.numerator))
          : String(r.numerator),
        h("span", { class: "muted" }, `/${r.denominator})`),
      );
    };
    clear(
      table,
      h(
        "div",
        { class: "scroll", tabindex: "0", role: "region", "aria-label": t("figures_by_unit") },
        h(
          "table",
          { class: "counts" },
          h("caption", { class: "visually-hidden" }, t("figures_by_unit")),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("board_unit")), COUNTS.map((c) => h("th", { scope: "col" }, label(c))), RATES.map((c) => h("th", { scope: "col" }, label(c))))),
          h("tbody", {}, rows.map((row) => h("tr", { class: row.total ? "total" : "" }, h("th", { scope: "row" }, row.name), COUNTS.map((c) => countCell(row, c)), RATES.map((c) => rateCell(row, c))))),
        ),
      ),
    );
    summary.textContent = figures.summary;
    clear(
      ranking,
      rank.entries.length
        ? h(
            "table",
            { class: "counts" },
            h("caption", { class: "hint" }, t("figures_bands", { green: rank.greenMin, yellow: rank.yellowMin })),
            h("thead", {}, h("tr", {}, [t("figures_rank"), t("board_unit"), t("figures_score"), t("figures_band")].map((x) => h("th", { scope: "col" }, x)))),
            h(
              "tbody",
              {},
              rank.entries.map((e) =>
                h("tr", {}, h("td", { class: "num" }, e.rank ? String(e.rank) : "—"), h("th", { scope: "row" }, e.unit.name), h("td", { class: "num" }, e.hasScore ? e.score.toFixed(1) : "—"), h("td", {}, e.hasScore ? deadlineChipBand(e.colour) : "—")),
              ),
            ),
          )
        : h("p", {}, t("figures_no_ranking")),
    );
    // The table as CSV (UTF-8 with a byte-order mark, so that spreadsheet programs read Chinese).
    const lines = [[t("board_unit"), ...COUNTS.map(label), ...RATES.map(label)]];
    for (const row of rows) {
      lines.push([
        row.name,
        ...COUNTS.map((c) => String(row.set.counts[c] ?? 0n)),
        ...RATES.map((c) => {
          const r = row.set.rates.find((x) => x.code === c);
          return r && r.denominator ? ((Number(r.numerator) / Number(r.denominator)) * 100).toFixed(1) + "%" : "";
        }),
      ]);
    }
    const text = "\ufeff" + lines.map((l) => l.map((v) => `"${String(v).replace(/"/g, '""')}"`).join(",")).join("\r\n") + "\r\n";
    if (csvUrl) URL.revokeObjectURL(csvUrl);
    csvUrl = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    csv.href = csvUrl;
    csv.download = `figures-${range.from}-${range.to}.csv`;
    csv.hidden = false;
  }

  function deadlineChipBand(colour) {
    return deadlineChip({ colour, clocks: [] }, BAND[colour] ? t(BAND[colour]) : null);
  }

  // The cases behind one number, all pages of them.
  async function open(row, figure, range, name, expected) {
    clear(drill, h("h2", { id: "drill-h" }, t("figures_cases", { unit: row.name, figure: name })), h("p", {}, "…"));
    const cases = [];
    let pageToken = "";
    try {
      do {
        const page = (await app.api.call("listFigureCases", { unitId: row.unitId, ...range, figure, pageSize: 500, pageToken })).value;
        cases.push(...page.cases);
        pageToken = page.nextPageToken;
      } while (pageToken);
    } catch (e) {
      clear(drill, h("h2", { id: "drill-h" }, name), h("p", { class: "form-error" }, t("error_generic", { message: e.message })));
      return;
    }
    clear(
      drill,
      h("h2", { id: "drill-h", tabindex: "-1" }, t("figures_cases", { unit: row.name, figure: name })),
      h("p", { class: "drill-count" }, t("figures_cases_count", { n: cases.length }), cases.length !== expected ? h("strong", { class: "form-error" }, ` ${t("figures_mismatch", { n: expected })}`) : ""),
      h("ul", { class: "cases" }, cases.map((c) => h("li", {}, h("a", { href: `#/case/${c.id}`, class: "case-row" }, h("span", { class: "case-title" }, c.title), h("span", { class: "case-meta" }, `${c.number} · ${enumName("state", c.state)}`))))),
    );
    drill.querySelector("h2")?.focus();
  }

  load();
  return {
    el,
    leave: () => {
      if (csvUrl) URL.revokeObjectURL(csvUrl);
    },
  };
}

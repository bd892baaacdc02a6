// 统计看板: the figures of the supervisor's subtree over a period, table first: one row per
// child unit and a total, every count a button that opens the cases behind it (so the numbers
// can be checked), rates with their numerator and denominator, the Chinese summary paragraph,
// the ranking of the child units with its colour bands in words, the table as CSV, and the
// trend of the whole subtree by week or month (views/trend.js), and the 12345 complaints per
// 10,000 residents of the child units against the sub-district's target line.
import { h, clear, field } from "../dom.js";
import { t, language, enumName } from "../i18n.js";
import { deadlineChip } from "./common.js";
import { trendSection } from "./trend.js";
import { svg as svgNode } from "../svg.js";

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
  const complaints = h("div", {});
  const companies = h("div", {});
  const forums = h("div", {});
  const drill = h("section", { class: "drill", "aria-live": "polite", "aria-labelledby": "drill-h" });
  const csv = h("a", { class: "button-link", download: "figures.csv", href: "#", hidden: true }, t("figures_csv"));
  const report = h("a", { class: "button-link", download: "figures.html", href: "#", hidden: true }, t("figures_html"));
  const chart = h("div", { class: "chart" });
  const trend = trendSection(app);
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
      report,
    ),
    summary,
    h("section", { "aria-labelledby": "fig-h" }, h("h2", { id: "fig-h" }, t("figures_by_unit")), table),
    h("section", { "aria-labelledby": "chart-h" }, h("h2", { id: "chart-h" }, t("figures_chart")), chart),
    trend.el,
    drill,
    h("section", { "aria-labelledby": "rank-h" }, h("h2", { id: "rank-h" }, t("figures_ranking")), ranking),
    h("section", { "aria-labelledby": "complaints-h" }, h("h2", { id: "complaints-h" }, t("figures_complaints")), complaints),
    h("section", { "aria-labelledby": "companies-h" }, h("h2", { id: "companies-h" }, t("figures_companies")), companies),
    h("section", { "aria-labelledby": "forums-h" }, h("h2", { id: "forums-h" }, t("figures_forums")), forums),
  );
  let csvUrl = null;
  let reportUrl = null;

  async function load() {
    if (!app.api.online) {
      clear(table, h("p", { class: "form-error" }, t("error_offline")));
      return;
    }
    const range = { from: from.control.value, to: to.control.value };
    let figures;
    let rank;
    let rates;
    let companyRanking;
    let forumFigures;
    try {
      [figures, rank, rates, companyRanking, forumFigures] = await Promise.all([
        app.api.call("getFigures", { ...range, byChildUnit: true }).then((r) => r.value),
        app.api.call("getRanking", range).then((r) => r.value),
        app.api.call("getComplaintRates", range).then((r) => r.value),
        app.api.call("getCompanyRanking", range).then((r) => r.value),
        app.api.call("getForumFigures", range).then((r) => r.value),
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
    // A row: { unitId, name, set } and, for a week or month of the trend, its own range.
    const countCell = (row, code) => {
      const n = Number(row.set.counts[code] ?? 0n);
      return h("td", { class: "num" }, n ? h("button", { type: "button", class: "link", "aria-label": `${row.name} ${label(code)} ${n}`, onclick: () => open(row, code, row.range ?? range, label(code), n) }, String(n)) : "0");
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
          ? h("button", { type: "button", class: "link", "aria-label": `${row.name} ${label(code)} ${label(num[0])} ${r.numerator}`, onclick: () => open(row, num[0], row.range ?? range, label(num[0]), Number(r.numerator)) }, String(r.numerator))
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
      departmentRanking(rank, label),
    );
    showComplaints(rates);
    showCompanies(companyRanking);
    showForums(forumFigures);
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
    drawChart(chart, rows.filter((r) => !r.total), label("on_time"));
    trend.show({ range, unit: figures.unit, label, known: (code) => defs.has(code), isRate: (code) => Boolean(defs.get(code)?.isRate), countCell, rateCell, counts: COUNTS, rates: RATES });
    if (reportUrl) URL.revokeObjectURL(reportUrl);
    reportUrl = URL.createObjectURL(new Blob([reportHtml(figures, lines, rank)], { type: "text/html;charset=utf-8" }));
    report.href = reportUrl;
    report.download = `figures-${range.from}-${range.to}.html`;
    report.hidden = false;
    const text = "\ufeff" + lines.map((l) => l.map((v) => `"${String(v).replace(/"/g, '""')}"`).join(",")).join("\r\n") + "\r\n";
    if (csvUrl) URL.revokeObjectURL(csvUrl);
    csvUrl = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    csv.href = csvUrl;
    csv.download = `figures-${range.from}-${range.to}.csv`;
    csv.hidden = false;
  }

  // 降低12345投诉率: each child unit's orders per 10,000 residents a month over the period, lowest
  // first, against the target line; a unit without a population says so, never 0.
  function showComplaints(rates) {
    const perTenK = (row) => (row.hasRate ? row.per10k.toFixed(2) : t("figures_no_population"));
    const orders = (row) => row.months.reduce((n, m) => n + Number(m.complaints), 0);
    const trend = (row) => (row.trend ? t(`figures_trend_${row.trend}`) : "—");
    const against = (row) => (rates.hasTarget && row.hasRate ? t(row.per10k <= rates.targetPer10k ? "figures_target_met" : "figures_target_above") : "—");
    const line = (row, total) =>
      h(
        "tr",
        { class: total ? "sum" : "" },
        h("td", { class: "num" }, total || !row.rank ? "—" : String(row.rank)),
        h("th", { scope: "row" }, total ? `${t("board_total")}（${row.unit.name}）` : row.unit.name),
        h("td", { class: "num" }, String(orders(row))),
        h("td", { class: row.hasRate ? "num" : "num muted" }, perTenK(row)),
        h("td", {}, trend(row)),
        h("td", {}, against(row)),
      );
    clear(
      complaints,
      h(
        "div",
        { class: "scroll", tabindex: "0", role: "region", "aria-label": t("figures_complaints") },
        h(
          "table",
          { class: "counts complaints" },
          h("caption", { class: "hint" }, rates.hasTarget ? t("figures_complaints_target", { target: rates.targetPer10k }) : t("figures_complaints_no_target")),
          h("thead", {}, h("tr", {}, [t("figures_rank"), t("board_unit"), t("figures_complaints_count"), t("figures_per_10k"), t("figures_trend"), t("figures_against_target")].map((x) => h("th", { scope: "col" }, x)))),
          h("tbody", {}, rates.children.map((row) => line(row, false)), line(rates.total, true)),
        ),
      ),
    );
  }

  // 物业企业: the companies ranked by complaints per 1,000 households served, lowest first, with
  // the response, resolution, satisfaction and rework rates of their cases; a company without
  // estates says so, never 0.
  function showCompanies(ranking) {
    // A rate with what it counts, as the table above shows its rates: "50.0% (1/2)".
    const pct = (r) =>
      Number(r.denominator) > 0
        ? [`${((100 * Number(r.numerator)) / Number(r.denominator)).toFixed(1)}% `, h("span", { class: "muted" }, `(${r.numerator}/${r.denominator})`)]
        : h("span", { class: "muted" }, "—");
    const rows = (ranking.rows || []).map((row) =>
      h(
        "tr",
        {},
        h("td", { class: "num" }, String(row.rank)),
        h("th", { scope: "row" }, row.company.name),
        h("td", { class: "num" }, String(row.households)),
        h("td", { class: "num" }, String(row.cases)),
        h("td", { class: row.hasHouseholds ? "num" : "num muted" }, row.hasHouseholds ? row.per1000.toFixed(2) : t("figures_no_estates")),
        h("td", { class: "num" }, pct(row.response)),
        h("td", { class: "num" }, pct(row.resolution)),
        h("td", { class: "num" }, pct(row.satisfaction)),
        h("td", { class: "num" }, pct(row.rework)),
      ),
    );
    const heads = ["figures_rank", "figures_company", "figures_households", "figures_complaints_count", "figures_per_1000", "figures_response", "figures_resolution", "figures_satisfaction", "figures_rework"];
    clear(
      companies,
      rows.length ? h("p", { class: "hint" }, t("figures_companies_hint")) : null,
      rows.length
        ? h(
            "div",
            { class: "scroll", tabindex: "0", role: "region", "aria-label": t("figures_companies") },
            h(
              "table",
              { class: "counts companies" },
              h("thead", {}, h("tr", {}, heads.map((k, i) => h("th", { scope: "col", class: i === 1 ? null : "num" }, t(k))))),
              h("tbody", {}, rows),
            ),
          )
        : h("p", {}, t("figures_no_companies")),
    );
  }

  // 群众恳谈会: per community, the forums held, the opinions raised, answered on the spot or turned
  // into cases, and what became of those cases.
  function showForums(report) {
    const line = (row, total) =>
      h(
        "tr",
        { class: total ? "sum" : "" },
        h("th", { scope: "row" }, total ? `${t("board_total")}（${row.unit ? row.unit.name : ""}）` : row.unit.name),
        ...[row.forums, row.attendance, row.opinions, row.answered, row.turnedIntoCases, row.casesClosed, row.casesOpen, row.casesOther].map((n) => h("td", { class: "num" }, String(n))),
      );
    const heads = ["board_unit", "figures_forums_held", "figures_attendance", "figures_opinions", "figures_answered", "figures_turned_into_cases", "figures_cases_closed", "figures_cases_open", "figures_cases_other"];
    clear(
      forums,
      h(
        "div",
        { class: "scroll", tabindex: "0", role: "region", "aria-label": t("figures_forums") },
        h(
          "table",
          { class: "counts forums" },
          h("thead", {}, h("tr", {}, heads.map((k, i) => h("th", { scope: "col", class: i === 0 ? null : "num" }, t(k))))),
          h("tbody", {}, (report.communities || []).map((row) => line(row, false)), line(report.total, true)),
        ),
      ),
    );
  }

  // 双考核: the departments whistled into the cases, ranked on their check-ins and ratings.
  function departmentRanking(rank, label) {
    if (!rank.departments || !rank.departments.length) return "";
    const pct = (set, code) => {
      const r = set.rates.find((x) => x.code === code);
      return r && r.denominator ? `${((Number(r.numerator) / Number(r.denominator)) * 100).toFixed(1)}%` : "—";
    };
    const average = (set) => {
      const n = Number(set.counts.whistle_ratings ?? 0n);
      return n ? (Number(set.counts.whistle_rating_points ?? 0n) / n).toFixed(1) : "—";
    };
    return h(
      "table",
      { class: "counts" },
      h("caption", {}, t("figures_departments")),
      h("thead", {}, h("tr", {}, [t("figures_rank"), t("figures_department"), t("figures_score"), t("figures_band"), label("whistle_calls"), label("whistle_check_in"), label("whistle_check_ins_late"), label("whistle_good"), t("figures_average_rating")].map((x) => h("th", { scope: "col" }, x)))),
      h(
        "tbody",
        {},
        rank.departments.map((e) =>
          h(
            "tr",
            {},
            h("td", { class: "num" }, e.rank ? String(e.rank) : "—"),
            h("th", { scope: "row" }, e.unit.name),
            h("td", { class: "num" }, e.hasScore ? e.score.toFixed(1) : "—"),
            h("td", {}, e.hasScore ? deadlineChipBand(e.colour) : "—"),
            h("td", { class: "num" }, String(e.figures.counts.whistle_calls ?? 0n)),
            h("td", { class: "num" }, pct(e.figures, "whistle_check_in")),
            h("td", { class: "num" }, String(e.figures.counts.whistle_check_ins_late ?? 0n)),
            h("td", { class: "num" }, pct(e.figures, "whistle_good")),
            h("td", { class: "num" }, average(e.figures)),
          ),
        ),
      ),
    );
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
      if (reportUrl) URL.revokeObjectURL(reportUrl);
    },
  };
}

// A bar per unit of its on-time closure rate, with the number written beside each bar (the
// table above holds the same data for screen readers and keyboards).
function drawChart(box, rows, name) {
  const bars = rows.map((r) => {
    const x = r.set.rates.find((v) => v.code === "on_time");
    return { name: r.name, pct: x && x.denominator ? (Number(x.numerator) / Number(x.denominator)) * 100 : null };
  });
  const rowH = 28;
  // Sized for a phone's width; a desk shows it a little larger.
  const labelW = 120;
  const barW = 160;
  const svg = svgNode("svg", { viewBox: `0 0 ${labelW + barW + 60} ${bars.length * rowH + 10}`, role: "img", "aria-label": `${name}：${bars.map((b) => `${b.name} ${b.pct === null ? "—" : b.pct.toFixed(1) + "%"}`).join("，")}`, class: "bars" });
  bars.forEach((b, i) => {
    const y = i * rowH + 5;
    svg.append(svgNode("text", { x: labelW - 8, y: y + 17, "text-anchor": "end", fill: "#1a1a1a", "font-size": 14 }, b.name));
    svg.append(svgNode("rect", { x: labelW, y: y + 3, width: barW, height: rowH - 10, fill: "#eef1f5" }));
    if (b.pct !== null) svg.append(svgNode("rect", { x: labelW, y: y + 3, width: (barW * b.pct) / 100, height: rowH - 10, fill: b.pct >= 90 ? "#185c2c" : b.pct >= 75 ? "#6b4e00" : "#9b1c1c" }));
    svg.append(svgNode("text", { x: labelW + barW + 6, y: y + 17, fill: "#1a1a1a", "font-size": 14 }, b.pct === null ? "—" : `${b.pct.toFixed(1)}%`));
  });
  clear(box, h("p", { class: "hint" }, name), svg);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// The figures as a standalone HTML report to keep or print (its own styles: it is a file, not
// a page of the application).
function reportHtml(figures, lines, rank) {
  const [head, ...body] = lines;
  const cells = (row, tag) => row.map((v) => `<${tag}>${escapeHtml(v)}</${tag}>`).join("");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(figures.unit.name)} ${escapeHtml(figures.from)}–${escapeHtml(figures.to)}</title>
<style>body{font-family:sans-serif;margin:2rem;color:#1a1a1a}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}</style></head><body>
<h1>${escapeHtml(figures.unit.name)}：${escapeHtml(figures.from)} 至 ${escapeHtml(figures.to)}</h1>
<p>${escapeHtml(figures.summary)}</p>
<table><thead><tr>${cells(head, "th")}</tr></thead><tbody>${body.map((r) => `<tr>${cells(r, "td")}</tr>`).join("")}</tbody></table>
<h2>考核排名</h2>
<table><thead><tr><th>名次</th><th>单位</th><th>得分</th></tr></thead><tbody>${rank.entries.map((e) => `<tr><td>${e.rank || "—"}</td><td>${escapeHtml(e.unit.name)}</td><td>${e.hasScore ? e.score.toFixed(1) : "—"}</td></tr>`).join("")}</tbody></table>
</body></html>`;
}

// 趋势: the figures of the supervisor's subtree over time, by ISO week or by month, for the
// range chosen on the figures page. The table comes first (the accessible form: one row per
// week or month, every count a button opening the cases behind it, as in the table by unit);
// then one chosen figure drawn here in SVG, a column chart for a count and a line chart for a
// rate, with its numbers in words as the chart's text alternative. Loaded with the figures page
// only.
import { h, clear, field, uid } from "../dom.js";
import { t } from "../i18n.js";
import { Period } from "../gen/gridcase/v1/gridcase_pb.js";
import { buckets, MAX_BUCKETS } from "../periods.js";
import { svg as svgNode } from "../svg.js";

// The figures the chart offers, in this order; the table shows the same columns as by unit.
const CHARTED = ["on_time", "received", "closed", "closed_on_time", "overdue", "open", "closure", "rework", "grid_level", "reopened", "escalated"];

// The section: its element, and show() to draw it for a range once the page has the figures'
// definitions and its table cell makers (so the numbers look and open as in the table by unit).
export function trendSection(app) {
  const name = uid("period");
  const periodChoice = (value, text, checked) =>
    h("label", { class: "choice" }, h("input", { type: "radio", name, value: String(value), checked, onchange: () => load() }), text);
  const period = h("fieldset", { class: "choices" }, h("legend", {}, t("trend_period")), periodChoice(Period.MONTH, t("trend_by_month"), true), periodChoice(Period.WEEK, t("trend_by_week"), false));
  const figure = field({ label: t("trend_figure"), control: h("select", { onchange: () => draw() }) });
  const table = h("div", { class: "trend-table" });
  const chart = h("div", { class: "trend-chart" });
  const el = h(
    "section",
    { "aria-labelledby": "trend-h", class: "trend" },
    h("h2", { id: "trend-h" }, t("trend_title")),
    h("div", { class: "inline-form" }, period, figure.el),
    table,
    chart,
  );
  // { range, unit, label, isRate, countCell, rateCell, counts, rates } from the figures page.
  let context = null;
  let rows = [];
  let loading = 0;

  const periodValue = () => Number(period.querySelector("input:checked")?.value ?? Period.MONTH);

  async function load() {
    if (!context) return;
    const { range, unit, label, countCell, rateCell, counts, rates } = context;
    const p = periodValue();
    const wanted = buckets(range.from, range.to, p);
    const mine = ++loading;
    if (wanted.length > MAX_BUCKETS) {
      rows = [];
      clear(table, h("p", { class: "form-error" }, t("trend_too_many", { n: MAX_BUCKETS })));
      clear(chart);
      return;
    }
    clear(table, h("p", {}, "…"));
    let figures;
    try {
      figures = (await app.api.call("getFigures", { ...range, unitId: unit.id, period: p })).value;
    } catch (e) {
      if (mine !== loading) return;
      clear(table, h("p", { class: "form-error" }, t("error_generic", { message: e.message })));
      clear(chart);
      return;
    }
    // A later choice has been asked for meanwhile: its answer draws.
    if (mine !== loading) return;
    const byStart = new Map(figures.cells.map((c) => [c.periodStart, c]));
    rows = wanted.map((b) => {
      const cell = byStart.get(b.start);
      return { unitId: unit.id, name: cell?.periodLabel || b.label, set: cell?.figures ?? { counts: {}, rates: [] }, range: { from: b.from, to: b.to } };
    });
    const caption = t("trend_caption", { period: p === Period.WEEK ? t("trend_by_week") : t("trend_by_month") });
    clear(
      table,
      h(
        "div",
        { class: "scroll", tabindex: "0", role: "region", "aria-label": caption },
        h(
          "table",
          { class: "counts" },
          h("caption", { class: "visually-hidden" }, caption),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("trend_bucket")), counts.map((c) => h("th", { scope: "col" }, label(c))), rates.map((c) => h("th", { scope: "col" }, label(c))))),
          h("tbody", {}, rows.map((row) => h("tr", {}, h("th", { scope: "row" }, row.name), counts.map((c) => countCell(row, c)), rates.map((c) => rateCell(row, c))))),
        ),
      ),
    );
    draw();
  }

  function draw() {
    if (!context || !rows.length) return;
    const code = figure.control.value;
    const isRate = context.isRate(code);
    const points = rows.map((row) => {
      if (!isRate) {
        const n = Number(row.set.counts[code] ?? 0n);
        return { label: row.name, value: n, text: String(n) };
      }
      const r = row.set.rates.find((x) => x.code === code);
      if (!r || !r.denominator) return { label: row.name, value: null, text: "—" };
      const pct = (Number(r.numerator) / Number(r.denominator)) * 100;
      return { label: row.name, value: pct, text: `${pct.toFixed(1)}%` };
    });
    const name = context.label(code);
    const alt = `${name}：${points.map((p) => `${p.label} ${p.text}`).join("，")}`;
    // On a phone the chart keeps a readable size and scrolls sideways.
    clear(chart, h("p", { class: "hint" }, t(isRate ? "trend_line" : "trend_columns", { figure: name })), h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": t("trend_chart") }, drawSvg(points, isRate, alt)));
  }

  return {
    el,
    show(next) {
      context = next;
      const chosen = figure.control.value || CHARTED[0];
      const options = CHARTED.filter((c) => next.known(c));
      clear(figure.control, options.map((c) => h("option", { value: c, selected: c === chosen }, next.label(c))));
      return load();
    },
  };
}

// The chart: columns for counts, a line (with a dot per bucket, broken where a rate is
// undefined) for rates. Sized in a viewBox, scaled to the page's width by CSS.
function drawSvg(points, isRate, alt) {
  const left = 48;
  const top = 16;
  const plotH = 180;
  const step = Math.max(14, Math.min(56, 672 / points.length));
  const width = left + step * points.length + 12;
  const height = top + plotH + 44;
  const max = isRate ? 100 : niceMax(Math.max(0, ...points.map((p) => p.value ?? 0)));
  const y = (v) => top + plotH - (plotH * v) / max;
  const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": alt, class: isRate ? "trend-line" : "trend-columns" });
  // The scale: four lines with their values.
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    svg.append(svgNode("line", { x1: left, x2: width - 8, y1: y(v), y2: y(v), stroke: i ? "#d5d9df" : "#5a5a5a", "stroke-width": 1 }));
    svg.append(svgNode("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", fill: "#3d3d3d", "font-size": 11 }, isRate ? `${v}%` : String(Math.round(v * 100) / 100)));
  }
  // Labels under every bucket when they fit, else under every n-th; a week is named by its
  // number only ("W12": the table and the text alternative give the year).
  const short = (label) => label.replace(/^\d{4}-(W\d+)$/, "$1");
  const every = Math.ceil((6.5 * Math.max(...points.map((p) => short(p.label).length)) + 8) / step);
  const few = points.length <= 16;
  const centre = (i) => left + step * i + step / 2;
  points.forEach((p, i) => {
    if (i % every === 0) svg.append(svgNode("text", { x: centre(i), y: top + plotH + 16, "text-anchor": "middle", fill: "#1a1a1a", "font-size": 11 }, short(p.label)));
    if (!isRate && p.value) {
      svg.append(svgNode("rect", { x: centre(i) - step * 0.35, y: y(p.value), width: step * 0.7, height: top + plotH - y(p.value), fill: "#1f5f99" }));
    }
    if (few && p.value !== null && (isRate || p.value)) {
      svg.append(svgNode("text", { x: centre(i), y: y(p.value) - 5, "text-anchor": "middle", fill: "#1a1a1a", "font-size": 11 }, p.text));
    }
  });
  if (isRate) {
    let d = "";
    let pen = false;
    points.forEach((p, i) => {
      if (p.value === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${centre(i).toFixed(1)} ${y(p.value).toFixed(1)} `;
      pen = true;
    });
    if (d) svg.append(svgNode("path", { d: d.trim(), fill: "none", stroke: "#1f5f99", "stroke-width": 2 }));
    points.forEach((p, i) => {
      if (p.value !== null) svg.append(svgNode("circle", { cx: centre(i), cy: y(p.value), r: 3.5, fill: "#1f5f99" }));
    });
  }
  return svg;
}

// The top of the scale: four steps of 1, 2 or 5 × 10^n (2.5 from 10 up), so that the scale
// lines fall on whole numbers, at or above `v`.
function niceMax(v) {
  const quarter = Math.max(1, v / 4);
  const p = 10 ** Math.floor(Math.log10(quarter));
  for (const m of p >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10]) if (m * p >= quarter) return 4 * m * p;
  return 40 * p;
}

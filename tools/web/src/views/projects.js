// 民生项目: the projects on the supervisor's board (red, then yellow, then green: a milestone
// past its date turns its project red, as a case clock does) with the figures (on time, late,
// done; complaints before and after completion), and a project's page: its milestones with
// their colours, its progress updates with photos, and the complaints linked to it that the
// user may see, with a form that links another complaint to it by its case number.
import { h, clear, field } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId, ApiError } from "../api.js";
import { Action } from "../gen/gridcase/v1/gridcase_pb.js";
import { deadlineChip } from "./common.js";

const STATE = { 1: "project_active", 2: "project_finished" };
const CHIP = { 1: "project_green", 2: "project_yellow", 3: "project_red" };

function chip(x) {
  return deadlineChip(x, t(CHIP[x.colour] ?? "chip_none"));
}

// A budget in yuan as 万元, exactly: 3200000 → "320", 125500 → "12.55", 8000 → "0.8".
export function wan(yuan) {
  const n = BigInt(yuan);
  const sign = n < 0n ? "-" : "";
  const abs = n < 0n ? -n : n;
  const frac = String(abs % 10000n).padStart(4, "0").replace(/0+$/, "");
  return `${sign}${abs / 10000n}${frac ? `.${frac}` : ""}`;
}

// The board's section: a list of the projects and a line of figures. refresh() redraws it.
export function projectsSection(app) {
  const figures = h("p", { class: "project-figures" });
  const list = h("div", { class: "project-list" });
  const el = h("section", { class: "area-projects", "aria-labelledby": "projects-h" }, h("h2", { id: "projects-h" }, t("projects_title")), figures, list);

  async function refresh() {
    if (!app.api.online) return;
    let projects;
    let f;
    try {
      [projects, f] = await Promise.all([
        app.api.call("listProjects", {}).then((r) => r.value.projects),
        app.api.call("getProjectFigures", {}).then((r) => r.value),
      ]);
    } catch {
      return;
    }
    figures.textContent = t("projects_figures", { total: f.total, onTime: f.onTime, late: f.late, done: f.done });
    const counts = new Map(f.projects.map((r) => [String(r.projectId), r]));
    clear(
      list,
      projects.length
        ? h(
            "ul",
            { class: "cases" },
            projects.map((p) => {
              const c = counts.get(String(p.id));
              const reached = p.milestones.filter((m) => m.actualDate).length;
              return h(
                "li",
                { class: "project", "data-project": String(p.id) },
                h(
                  "div",
                  { class: "case-row" },
                  h("a", { href: `#/project/${p.id}`, class: "case-title" }, p.name),
                  h("span", { class: "case-meta" }, chip(p), ` ${t(STATE[p.state] ?? "project_active")} · ${t("project_milestones_n", { done: reached, n: p.milestones.length })} · ${t("project_complaints_n", { before: c?.complaintsBefore ?? 0, after: c?.complaintsAfter ?? 0 })}`),
                ),
              );
            }),
          )
        : h("p", {}, t("projects_none")),
    );
  }
  return { el, refresh };
}

// A project's page.
export function projectPage(app, id) {
  const body = h("div", {}, h("p", {}, "…"));
  const el = h("div", { class: "page project-page" }, h("h1", {}, t("project_page")), body);
  const link = linkForm(app, id, () => load());

  async function load() {
    let p;
    let units = new Map();
    try {
      p = (await app.api.call("getProject", { projectId: BigInt(id) })).value.project;
      const tree = (await app.api.call("getOrgTree", { allUnits: true })).value.units ?? [];
      units = new Map(tree.map((u) => [String(u.id), u.name]));
    } catch (e) {
      clear(body, h("p", { class: "error", role: "alert" }, t("error_generic", { message: e.message ?? String(e) })));
      return;
    }
    const unit = (u) => units.get(String(u)) ?? `#${u}`;
    el.querySelector("h1").textContent = p.name;
    const households = p.estates.reduce((n, e) => n + Number(e.households), 0);
    clear(
      body,
      h("p", { class: "project-facts" }, chip(p), ` ${t(STATE[p.state] ?? "project_active")} · ${t("project_unit")} ${unit(p.unitId)} · ${t("project_budget", { wan: wan(p.budgetYuan) })} · ${t("project_start")} ${p.startDate}${p.finishedDate ? ` · ${t("project_finished_on")} ${p.finishedDate}` : ""}`),
      h("p", {}, `${t("project_estates")}：`, p.estates.map((e) => `${e.name}（${unit(e.unitId)}，${t("project_households", { n: String(e.households) })}）`).join("；"), ` ${t("project_households_total", { n: households })}`),
      h("section", { "aria-labelledby": "ms-h" }, h("h2", { id: "ms-h" }, t("project_milestones")),
        // On a phone each milestone is a block of its own, every value with its column's name
        // (app.css); the roles keep it a table for screen readers whatever the layout.
        h("table", { class: "milestones", role: "table" },
          h("thead", { role: "rowgroup" }, h("tr", { role: "row" }, ["project_milestone", "project_planned", "project_due", "project_actual", "project_state"].map((k) => h("th", { scope: "col", role: "columnheader" }, t(k))))),
          h("tbody", { role: "rowgroup" }, p.milestones.map((m) => h("tr", { "data-milestone": String(m.id), role: "row" },
            h("th", { scope: "row", role: "rowheader" }, m.name),
            h("td", { role: "cell", "data-label": t("project_planned") }, m.plannedDate),
            h("td", { role: "cell", "data-label": t("project_due") }, m.dueDate),
            h("td", { role: "cell", "data-label": t("project_actual") }, m.actualDate || "—"),
            h("td", { role: "cell", "data-label": t("project_state") }, m.actualDate ? t(m.late ? "project_reached_late" : "project_reached") : chip(m))))))),
      h("section", { "aria-labelledby": "up-h" }, h("h2", { id: "up-h" }, t("project_updates")),
        p.updates.length
          ? h("ul", {}, p.updates.map((u) => h("li", {}, `${formatTime(u.at)} ${u.note}`, u.photos.length ? h("span", { class: "case-meta" }, ` · ${t("project_photos", { n: u.photos.length })}：${u.photos.map((x) => x.fileName).join("、")}`) : null)))
          : h("p", {}, t("project_no_updates"))),
      h("section", { "aria-labelledby": "cp-h" }, h("h2", { id: "cp-h" }, t("project_complaints")),
        p.complaints.length
          ? h("ul", { class: "cases" }, p.complaints.map((c) => h("li", {}, h("a", { href: `#/case/${c.caseId}`, class: "case-row" }, h("span", { class: "case-title" }, c.title), h("span", { class: "case-meta" }, `${c.number} · ${enumName("state", c.state)} · ${formatTime(c.createdAt)}`)))))
          : h("p", {}, t("project_no_complaints")),
        p.complaintsOutsideScope ? h("p", { class: "hint" }, t("project_outside", { n: p.complaintsOutsideScope })) : null,
        link),
    );
  }
  load();
  return { el };
}

// 关联投诉: a complaint's case number (XC-2026-000123) links it to the project. The form is made
// once and put back into the page each time the project is drawn, so what was typed stays
// when a link is refused. The project's version is not checked: a link does not depend on
// what else changed meanwhile, and a complaint linked already is refused as such.
function linkForm(app, projectId, reload) {
  const number = field({ label: t("project_link_number"), control: h("input", { maxlength: 40, autocomplete: "off" }) });
  const status = h("p", { class: "done-note", role: "status", "aria-live": "polite" });
  const button = h("button", { type: "submit", class: "primary" }, t("project_link"));
  const submit = async (e) => {
    e.preventDefault();
    status.textContent = "";
    const text = number.control.value.trim();
    if (!text) {
      number.setError(t("project_link_need_number"));
      number.control.focus();
      return;
    }
    if (!app.api.online) {
      number.setError(t("error_offline"));
      return;
    }
    number.setError(null);
    button.disabled = true;
    try {
      const plain = text.replace(/^#/, "");
      const kase = (await app.api.call("getCase", /^\d+$/.test(plain) ? { caseId: BigInt(plain) } : { number: text })).value.case;
      await app.api.call("projectCommand", { requestId: newRequestId(), action: Action.LINK_COMPLAINT, projectId: BigInt(projectId), expectedVersion: 0n, caseId: kase.id });
      number.control.value = "";
      await reload();
      status.textContent = t("project_linked", { number: kase.number, title: kase.title });
    } catch (err) {
      number.setError(err instanceof ApiError ? err.message : t("error_offline"));
    } finally {
      button.disabled = false;
    }
  };
  return h(
    "form",
    { class: "inline-form project-link", novalidate: true, "aria-labelledby": "link-h", onsubmit: submit },
    h("h3", { id: "link-h", class: "visually-hidden" }, t("project_link")),
    number.el,
    button,
    status,
  );
}

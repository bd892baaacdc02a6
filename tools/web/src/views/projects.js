// 民生项目: the projects on the supervisor's board (red, then yellow, then green: a milestone
// past its date turns its project red, as a case clock does) with the figures (on time, late,
// done; complaints before and after completion), and a project's page: its milestones with
// their colours, its progress updates with photos, and the complaints linked to it that the
// user may see.
import { h, clear } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { deadlineChip } from "./common.js";

const STATE = { 1: "project_active", 2: "project_finished" };
const CHIP = { 1: "project_green", 2: "project_yellow", 3: "project_red" };

function chip(x) {
  return deadlineChip(x, t(CHIP[x.colour] ?? "chip_none"));
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
      h("p", { class: "project-facts" }, chip(p), ` ${t(STATE[p.state] ?? "project_active")} · ${t("project_unit")} ${unit(p.unitId)} · ${t("project_budget", { yuan: String(p.budgetYuan) })} · ${t("project_start")} ${p.startDate}${p.finishedDate ? ` · ${t("project_finished_on")} ${p.finishedDate}` : ""}`),
      h("p", {}, `${t("project_estates")}：`, p.estates.map((e) => `${e.name}（${unit(e.unitId)}，${t("project_households", { n: String(e.households) })}）`).join("；"), ` ${t("project_households_total", { n: households })}`),
      h("section", { "aria-labelledby": "ms-h" }, h("h2", { id: "ms-h" }, t("project_milestones")),
        h("table", { class: "milestones" },
          h("thead", {}, h("tr", {}, ["project_milestone", "project_planned", "project_due", "project_actual", "project_state"].map((k) => h("th", { scope: "col" }, t(k))))),
          h("tbody", {}, p.milestones.map((m) => h("tr", { "data-milestone": String(m.id) },
            h("th", { scope: "row" }, m.name),
            h("td", {}, m.plannedDate),
            h("td", {}, m.dueDate),
            h("td", {}, m.actualDate || "—"),
            h("td", {}, m.actualDate ? t(m.late ? "project_reached_late" : "project_reached") : chip(m))))))),
      h("section", { "aria-labelledby": "up-h" }, h("h2", { id: "up-h" }, t("project_updates")),
        p.updates.length
          ? h("ul", {}, p.updates.map((u) => h("li", {}, `${formatTime(u.at)} ${u.note}`, u.photos.length ? h("span", { class: "case-meta" }, ` · ${t("project_photos", { n: u.photos.length })}：${u.photos.map((x) => x.fileName).join("、")}`) : null)))
          : h("p", {}, t("project_no_updates"))),
      h("section", { "aria-labelledby": "cp-h" }, h("h2", { id: "cp-h" }, t("project_complaints")),
        p.complaints.length
          ? h("ul", { class: "cases" }, p.complaints.map((c) => h("li", {}, h("a", { href: `#/case/${c.caseId}`, class: "case-row" }, h("span", { class: "case-title" }, c.title), h("span", { class: "case-meta" }, `${c.number} · ${enumName("state", c.state)} · ${formatTime(c.createdAt)}`)))))
          : h("p", {}, t("project_no_complaints")),
        p.complaintsOutsideScope ? h("p", { class: "hint" }, t("project_outside", { n: p.complaintsOutsideScope })) : null),
    );
  }
  load();
  return { el };
}

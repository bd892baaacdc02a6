// 巡查: the inspections due for the grid worker (made by the plans), nearest first, and a new
// one at any site of the grid; each recorded with a note and its findings — a finding marked as
// a hazard (category, severity, who is responsible, the rectification period) becomes a HAZARD
// case on the server. Recorded through the outbox, so it works offline like every action.
import { h, clear, field, select } from "../dom.js";
import { t, formatTime } from "../i18n.js";
import { newRequestId } from "../api.js";
import { cache } from "../store.js";
import { categories, orgTree, UNIT } from "../data.js";
import { checkPhone } from "../validate.js";

export function inspectionsPage(app) {
  const due = h("div", {}, h("p", {}, "…"));
  const done = h("div", {});
  const fresh = h("div", {});
  const el = h(
    "div",
    { class: "page" },
    h("h1", {}, t("insp_title")),
    h("section", { "aria-labelledby": "due-h" }, h("h2", { id: "due-h" }, t("insp_due")), due),
    h("section", { "aria-labelledby": "new-h" }, h("h2", { id: "new-h" }, t("insp_new")), fresh),
    h("section", { "aria-labelledby": "done-h" }, h("h2", { id: "done-h" }, t("insp_done")), done),
  );
  let hazardCats = [];
  let units = [];

  async function list(state) {
    const key = `insp:${app.api.user.id}:${state}`;
    if (app.api.online) {
      try {
        const items = (await app.api.call("listInspections", { state })).value.inspections;
        await cache.set(key, items);
        return items;
      } catch {
        // Fall back to what the phone kept.
      }
    }
    return (await cache.get(key))?.value ?? [];
  }

  async function load() {
    const cats = (await categories(app)) ?? [];
    hazardCats = cats.filter((c) => c.kind === 4 && c.leaf);
    units = ((await orgTree(app)) ?? []).filter((u) => (u.type === UNIT.GRID || u.type === UNIT.BUILDING_GROUP) && !u.retired);
    const queued = new Set(app.outbox.items.filter((i) => i.frame === "recordInspection").map((i) => String(i.payload.inspectionId)));
    const planned = (await list(1)).filter((i) => !queued.has(String(i.id))).sort((a, b) => Number(a.dueAt - b.dueAt));
    clear(
      due,
      planned.length
        ? h("ul", { class: "cases" }, planned.map((i) => h("li", { class: "inspection", "data-inspection": String(i.id) }, h("div", { class: "case-row" }, h("span", { class: "case-title" }, i.site || unitName(i.siteUnitId)), h("span", { class: "case-meta" }, overdueChip(i), ` ${t("insp_due_at", { time: formatTime(i.dueAt) })}`)), recordForm(i))))
        : h("p", {}, t("insp_none_due")),
    );
    clear(fresh, recordForm(null));
    const recent = (await list(2)).sort((a, b) => Number(b.doneAt - a.doneAt)).slice(0, 10);
    clear(done, recent.length ? h("ul", {}, recent.map((i) => h("li", {}, `${formatTime(i.doneAt)} ${i.site || unitName(i.siteUnitId)}：${t("insp_findings_n", { n: i.findings.length })}${i.findings.some((f) => f.caseId) ? ` · ${t("insp_hazard_cases")}` : ""}`))) : h("p", {}, t("insp_none_done")));
  }

  function unitName(id) {
    return units.find((u) => String(u.id) === String(id))?.name ?? `#${id}`;
  }

  function overdueChip(i) {
    const late = Number(i.dueAt) < Date.now();
    return h("span", { class: `chip chip-${late ? "red" : "green"}` }, h("span", { "aria-hidden": "true" }, late ? "!" : "✓"), late ? t("chip_red") : t("chip_green"));
  }

  // The form for a planned inspection, or (inspection null) a new one at a chosen site.
  function recordForm(inspection) {
    const findings = [];
    const list = h("div", {});
    const note = field({ label: t("insp_note"), control: h("textarea", { rows: 2, maxlength: 1000 }) });
    const site = inspection ? null : field({ label: t("insp_site_unit"), control: select([["", t("choose")], ...units.map((u) => [String(u.id), u.name])], "") });
    const siteText = inspection ? null : field({ label: t("insp_site"), control: h("input", { maxlength: 200 }) });
    const addFinding = () => {
      const f = {
        description: field({ label: t("insp_finding"), control: h("textarea", { rows: 2, maxlength: 2000 }) }),
        hazard: h("input", { type: "checkbox" }),
        category: field({ label: t("insp_hazard_category"), control: select([["", t("choose")], ...hazardCats.map((c) => [c.code, c.name])], "") }),
        severity: field({ label: t("insp_severity"), control: select([[1, t("insp_general")], [2, t("insp_major")]], 1) }),
        responsibleKind: field({ label: t("insp_responsible_kind"), control: select([[1, t("insp_person")], [2, t("insp_business")]], 2) }),
        responsibleName: field({ label: t("insp_responsible_name"), control: h("input", { maxlength: 100 }) }),
        responsibleContact: field({ label: t("insp_responsible_contact"), control: h("input", { inputmode: "tel", maxlength: 20 }) }),
        days: field({ label: t("insp_days"), control: h("input", { inputmode: "numeric", value: "7" }) }),
      };
      const hazardBox = h("div", { class: "hazard-fields", hidden: true }, f.category.el, f.severity.el, f.responsibleKind.el, f.responsibleName.el, f.responsibleContact.el, f.days.el);
      const hid = `hz-${Math.random().toString(36).slice(2)}`;
      f.hazard.id = hid;
      f.hazard.addEventListener("change", () => (hazardBox.hidden = !f.hazard.checked));
      findings.push(f);
      list.append(
        h(
          "fieldset",
          { class: "party" },
          h("legend", {}, t("insp_finding_n", { i: findings.length })),
          f.description.el,
          h("div", { class: "field checkbox" }, f.hazard, h("label", { for: hid }, t("insp_is_hazard"))),
          hazardBox,
        ),
      );
    };
    const submit = async (e) => {
      e.preventDefault();
      let ok = true;
      const need = (f, bad, message) => {
        f.setError(bad ? message : null);
        if (bad) ok = false;
      };
      if (site) need(site, !site.control.value, t("need_unit"));
      if (siteText) need(siteText, !siteText.control.value.trim(), t("need_field"));
      const out = findings.map((f) => {
        const description = f.description.control.value.trim();
        need(f.description, !description, t("need_field"));
        const hazard = f.hazard.checked;
        const finding = { description, hazard };
        if (hazard) {
          const days = Number(f.days.control.value);
          const contact = f.responsibleContact.control.value.trim();
          need(f.category, !f.category.control.value, t("need_category"));
          need(f.responsibleName, !f.responsibleName.control.value.trim(), t("need_field"));
          need(f.responsibleContact, Boolean(checkPhone(contact)), t("bad_phone"));
          need(f.days, !(Number.isInteger(days) && days >= 1 && days <= 365), t("bad_amount"));
          Object.assign(finding, {
            categoryCode: f.category.control.value,
            severity: Number(f.severity.control.value),
            responsible: { kind: Number(f.responsibleKind.control.value), name: f.responsibleName.control.value.trim(), contact },
            deadlineDays: days,
          });
        }
        return finding;
      });
      if (!ok) {
        el.querySelector("[aria-invalid=true]")?.focus();
        return;
      }
      const where = inspection ? inspection.site || unitName(inspection.siteUnitId) : siteText.control.value.trim();
      await app.outbox.add({
        frame: "recordInspection",
        label: `${t("insp_title")} ${where}`,
        payload: {
          requestId: newRequestId(),
          inspectionId: inspection?.id ?? 0n,
          expectedVersion: inspection?.version ?? 0n,
          siteUnitId: inspection ? 0n : BigInt(site.control.value),
          site: inspection ? "" : where,
          note: note.control.value.trim(),
          findings: out,
        },
      });
      app.announce(t("queued", { title: `${t("insp_title")} ${where}` }));
      setTimeout(load, app.api.online ? 600 : 0);
    };
    return h(
      "form",
      { class: "action", novalidate: true, "aria-label": inspection ? `${t("insp_record")} ${inspection.site || unitName(inspection.siteUnitId)}` : t("insp_new"), onsubmit: submit },
      site?.el,
      siteText?.el,
      note.el,
      list,
      h("div", { class: "step-buttons" }, h("button", { type: "button", onclick: addFinding }, t("insp_add_finding")), h("button", { type: "submit", class: "primary" }, t("insp_record"))),
    );
  }

  load();
  return { el };
}

// 系统管理 for admins: users (create, disable or enable, end their sessions), the org tree, the
// deadline policies, the audit log, and the working calendar: a year's 调休 notice is pasted,
// previewed month by month (working days counted, holidays and adjusted working days marked)
// and only then saved.
import { h, clear, field, select } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId, ApiError } from "../api.js";
import { parseCalendar, monthsOf } from "../calendar_text.js";

const ROLES = [1, 2, 3, 4, 5, 6];

export function adminPage(app) {
  const users = h("div", {});
  const tree = h("div", {});
  const policies = h("div", {});
  const audit = h("div", {});
  const calendar = h("div", {});
  const note = h("p", { class: "done-note", role: "status", "aria-live": "polite" });
  const el = h(
    "div",
    { class: "page admin wide" },
    h("h1", {}, t("admin_title")),
    note,
    h("nav", { class: "toc", "aria-label": t("admin_title") }, h("ul", {}, [["users-h", t("admin_users")], ["tree-h", t("admin_tree")], ["cal-h", t("admin_calendar")], ["pol-h", t("admin_policies")], ["audit-h", t("admin_audit")]].map(([id, text]) => h("li", {}, h("button", { type: "button", class: "link", onclick: () => document.getElementById(id)?.scrollIntoView() }, text))))),
    h("section", { "aria-labelledby": "users-h" }, h("h2", { id: "users-h" }, t("admin_users")), users),
    h("section", { "aria-labelledby": "tree-h" }, h("h2", { id: "tree-h" }, t("admin_tree")), tree),
    h("section", { "aria-labelledby": "cal-h" }, h("h2", { id: "cal-h" }, t("admin_calendar")), calendar),
    h("section", { "aria-labelledby": "pol-h" }, h("h2", { id: "pol-h" }, t("admin_policies")), policies),
    h("section", { "aria-labelledby": "audit-h" }, h("h2", { id: "audit-h" }, t("admin_audit")), audit),
  );
  let units = [];

  async function call(frame, value, what) {
    try {
      const reply = await app.api.call(frame, value);
      if (what) note.textContent = t("done_ok", { what });
      return reply.value;
    } catch (e) {
      note.textContent = t("error_generic", { message: e instanceof ApiError ? e.message : t("error_offline") });
      return null;
    }
  }

  async function loadUsers() {
    const list = (await call("listUsers", {}))?.users ?? [];
    const name = (id) => units.find((u) => String(u.id) === String(id))?.name ?? `#${id}`;
    const username = field({ label: t("username"), control: h("input", { autocomplete: "off" }) });
    const display = field({ label: t("admin_display_name"), control: h("input", {}) });
    const password = field({ label: t("password"), hint: t("admin_password_hint"), control: h("input", { type: "password", autocomplete: "new-password" }) });
    const role = field({ label: t("admin_role"), control: select(ROLES.map((r) => [r, enumName("role", r)]), 1) });
    const scope = field({ label: t("admin_scope"), control: select(units.map((u) => [String(u.id), u.name]), units[0]?.id) });
    clear(
      users,
      h(
        "div",
        { class: "scroll", tabindex: "0", role: "region", "aria-label": t("admin_users") },
        h(
          "table",
          { class: "counts" },
          h("thead", {}, h("tr", {}, [t("username"), t("admin_display_name"), t("admin_role"), t("admin_scope"), t("state"), ""].map((x) => h("th", { scope: "col" }, x)))),
          h(
            "tbody",
            {},
            list.map((u) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, u.username),
                h("td", {}, u.displayName),
                h("td", {}, enumName("role", u.role)),
                h("td", {}, name(u.scopeUnitId)),
                h("td", {}, u.disabled ? t("admin_disabled") : t("admin_active")),
                h(
                  "td",
                  {},
                  h("button", { type: "button", onclick: async () => { if (await call("updateUser", { userId: u.id, setDisabled: true, disabled: !u.disabled }, `${u.username} ${u.disabled ? t("admin_enable") : t("admin_disable")}`)) loadUsers(); } }, `${u.disabled ? t("admin_enable") : t("admin_disable")} ${u.username}`),
                  " ",
                  h("button", { type: "button", onclick: () => call("revokeSessions", { userId: u.id }, `${u.username} ${t("admin_revoke")}`) }, `${t("admin_revoke")} ${u.username}`),
                ),
              ),
            ),
          ),
        ),
      ),
      h(
        "form",
        {
          class: "action",
          "aria-label": t("admin_create_user"),
          novalidate: true,
          onsubmit: async (e) => {
            e.preventDefault();
            const v = { username: username.control.value.trim(), displayName: display.control.value.trim(), password: password.control.value };
            username.setError(/^[a-z][a-z0-9_.-]{2,31}$/.test(v.username) ? null : t("admin_bad_username"));
            display.setError(v.displayName ? null : t("need_field"));
            password.setError(v.password.length >= 8 ? null : t("admin_password_hint"));
            if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(v.username) || !v.displayName || v.password.length < 8) return;
            if (await call("createUser", { requestId: newRequestId(), ...v, role: Number(role.control.value), scopeUnitId: BigInt(scope.control.value) }, `${t("admin_create_user")} ${v.username}`)) loadUsers();
          },
        },
        h("h3", {}, t("admin_create_user")),
        username.el,
        display.el,
        password.el,
        role.el,
        scope.el,
        h("button", { type: "submit", class: "primary" }, t("admin_create_user")),
      ),
    );
  }

  function drawTree() {
    const children = (id) => units.filter((u) => String(u.parentId) === String(id));
    const roots = units.filter((u) => !units.some((p) => String(p.id) === String(u.parentId)));
    const node = (u) => h("li", {}, `${u.name}（${u.code}）`, u.retired ? ` ${t("admin_retired")}` : "", children(u.id).length ? h("ul", {}, children(u.id).map(node)) : null);
    clear(tree, h("ul", { class: "tree" }, roots.map(node)));
  }

  async function loadPolicies() {
    const list = (await call("listPolicies", {}))?.policies ?? [];
    clear(
      policies,
      h(
        "div",
        { class: "scroll", tabindex: "0", role: "region", "aria-label": t("admin_policies") },
        h(
          "table",
          { class: "counts" },
          h("thead", {}, h("tr", {}, [t("kind"), t("category"), t("admin_clocks"), t("admin_basis")].map((x) => h("th", { scope: "col" }, x)))),
          h("tbody", {}, list.map((p) => h("tr", {}, h("td", {}, enumName("kind", p.kind)), h("td", {}, p.categoryCode || "—"), h("td", {}, p.clocks.map((c) => `${Number(c.amount)}${t(`unit_${c.unit}`)}（${t("admin_warn_at", { n: c.warnPercent })}）`).join("；")), h("td", {}, p.basis)))),
        ),
      ),
    );
  }

  async function loadAudit() {
    const entries = (await call("listAudit", { pageSize: 50 }))?.entries ?? [];
    clear(audit, h("ol", { class: "history" }, entries.map((e) => h("li", {}, h("span", { class: "when" }, formatTime(e.at)), " ", h("strong", {}, t(`audit_${e.kind}`)), ` ${e.username || ""} ${e.detail || ""}`))));
  }

  async function loadCalendar() {
    const cal = await call("getCalendar", {});
    const text = field({ label: t("admin_cal_text"), hint: t("admin_cal_hint"), control: h("textarea", { rows: 10, spellcheck: "false", class: "mono" }) });
    const preview = h("div", { class: "cal-preview" });
    let parsed = null;
    const save = h("button", { type: "button", class: "primary", disabled: true, onclick: async () => {
      if (!parsed) return;
      const done = await call("setCalendarYear", { text: text.control.value }, t("admin_cal_saved", { year: parsed.year }));
      if (done) loadCalendar();
    } }, t("admin_cal_save"));
    text.control.addEventListener("input", () => {
      parsed = null;
      save.disabled = true;
    });
    clear(
      calendar,
      h("p", {}, t("admin_cal_years", { years: cal?.years?.join("、") || "—" })),
      cal?.missingYears?.length ? h("p", { class: "notice" }, t("admin_cal_missing", { years: cal.missingYears.join("、"), n: cal.provisionalClocks })) : null,
      text.el,
      h(
        "div",
        { class: "step-buttons" },
        h("button", {
          type: "button",
          onclick: () => {
            const result = parseCalendar(text.control.value);
            if (result.error) {
              text.setError(result.error);
              clear(preview);
              return;
            }
            text.setError(null);
            parsed = result;
            save.disabled = false;
            drawPreview(preview, result);
          },
        }, t("admin_cal_preview")),
        save,
      ),
      preview,
    );
  }

  function drawPreview(preview, cal) {
    const months = monthsOf(cal);
    const total = months.reduce((n, m) => n + m.working, 0);
    clear(
      preview,
      h("p", { class: "cal-total" }, t("admin_cal_total", { year: cal.year, n: total, holidays: cal.holidays.size, workdays: cal.workdays.size })),
      h("p", { class: "hint" }, t("admin_cal_legend")),
      h(
        "div",
        { class: "months" },
        months.map((m) =>
          h(
            "section",
            { class: "month", "aria-label": t("admin_cal_month", { m: m.month }) },
            h("h3", {}, t("admin_cal_month_working", { m: m.month, n: m.working })),
            h("ol", { class: "days weekdays", "aria-hidden": "true" }, t("cal_weekdays").split("").map((d) => h("li", {}, d))),
            h(
              "ol",
              { class: "days" },
              // Blank cells before the 1st, Monday first.
              Array.from({ length: (m.days[0].weekday + 6) % 7 }, () => h("li", { class: "blank", "aria-hidden": "true" })),
              m.days.map((d) => h("li", { class: `day ${d.kind}`, title: d.name || null }, h("span", { class: "d" }, String(d.day)), d.kind === "holiday" ? h("span", { class: "tag" }, t("cal_off")) : d.kind === "workday" ? h("span", { class: "tag" }, t("cal_ban")) : null)),
            ),
          ),
        ),
      ),
    );
  }

  (async () => {
    units = (await call("getOrgTree", {}))?.units ?? [];
    drawTree();
    await Promise.all([loadUsers(), loadCalendar(), loadPolicies(), loadAudit()]);
  })();
  return { el };
}

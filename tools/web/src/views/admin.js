// 系统管理 for admins: users (create; change role, scope, name; reset a password; disable or
// enable; end their sessions), the org tree (add, rename, move, retire units), the deadline
// policies, the audit log (by kind, page by page), and the working calendar: a year's 调休 notice is pasted,
// previewed month by month (working days counted, holidays and adjusted working days marked)
// and only then saved.
import { h, clear, field, select } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId, ApiError } from "../api.js";
import { parseCalendar, monthsOf } from "../calendar_text.js";

const ROLES = [1, 2, 3, 4, 5, 6];
const UNIT_TYPES = [1, 2, 3, 4, 5, 6, 7, 8];
const AUDIT_KINDS = [1, 2, 3, 4, 5, 6];
const AUDIT_PAGE = 50;

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
    const scope = field({ label: t("admin_scope"), control: select(liveUnits().map((u) => [String(u.id), u.name]), liveUnits()[0]?.id) });
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
      editUserForm(list),
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

  // 修改用户: role, scope, name, and a new password (the user must change it at their next
  // login); empty fields leave the value as it is.
  function editUserForm(list) {
    const who = field({ label: t("username"), control: select(list.map((u) => [String(u.id), `${u.username}（${u.displayName}）`]), list[0]?.id) });
    const display = field({ label: t("admin_display_name"), hint: t("admin_unchanged_hint"), control: h("input", {}) });
    const role = field({ label: t("admin_role"), control: select([["0", t("admin_unchanged")], ...ROLES.map((r) => [r, enumName("role", r)])], "0") });
    const scope = field({ label: t("admin_scope"), control: select([["0", t("admin_unchanged")], ...liveUnits().map((u) => [String(u.id), u.name])], "0") });
    const password = field({ label: t("admin_reset_password"), hint: t("admin_reset_hint"), control: h("input", { type: "password", autocomplete: "new-password" }) });
    return h(
      "form",
      {
        class: "action",
        "aria-label": t("admin_edit_user"),
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          const user = list.find((u) => String(u.id) === who.control.value);
          const newPassword = password.control.value;
          password.setError(!newPassword || newPassword.length >= 8 ? null : t("admin_password_hint"));
          if (!user || (newPassword && newPassword.length < 8)) return;
          const change = { userId: user.id, displayName: display.control.value.trim(), role: Number(role.control.value), scopeUnitId: BigInt(scope.control.value), newPassword };
          if (await call("updateUser", change, `${t("admin_edit_user")} ${user.username}`)) loadUsers();
        },
      },
      h("h3", {}, t("admin_edit_user")),
      who.el,
      display.el,
      role.el,
      scope.el,
      password.el,
      h("button", { type: "submit", class: "primary" }, t("admin_save_user")),
    );
  }

  const liveUnits = () => units.filter((u) => !u.retired);

  async function loadTree() {
    units = (await call("getOrgTree", { includeRetired: true }))?.units ?? [];
    drawTree();
  }

  // The org tree, a form for a new unit under any unit, and one to rename, move or retire one.
  function drawTree() {
    const children = (id) => units.filter((u) => String(u.parentId) === String(id));
    const roots = units.filter((u) => !units.some((p) => String(p.id) === String(u.parentId)));
    const node = (u) => h("li", {}, `${u.name}（${enumName("unitType", u.type)}，${u.code}）`, u.retired ? ` ${t("admin_retired")}` : "", children(u.id).length ? h("ul", {}, children(u.id).map(node)) : null);
    const unitOptions = () => liveUnits().map((u) => [String(u.id), `${u.name}（${enumName("unitType", u.type)}）`]);

    const parent = field({ label: t("admin_unit_parent"), control: select(unitOptions(), liveUnits()[0]?.id) });
    const type = field({ label: t("admin_unit_type"), control: select(UNIT_TYPES.map((x) => [x, enumName("unitType", x)]), 4) });
    const code = field({ label: t("admin_unit_code"), hint: t("admin_unit_code_hint"), control: h("input", { autocomplete: "off" }) });
    const name = field({ label: t("admin_unit_name"), control: h("input", { autocomplete: "off" }) });
    const prefix = field({ label: t("admin_unit_prefix"), hint: t("admin_unit_prefix_hint"), control: h("input", { autocomplete: "off", maxlength: 8 }) });
    const create = h(
      "form",
      {
        class: "action",
        "aria-label": t("admin_create_unit"),
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          const v = { parentId: BigInt(parent.control.value), type: Number(type.control.value), code: code.control.value.trim(), name: name.control.value.trim(), casePrefix: prefix.control.value.trim().toUpperCase() };
          code.setError(v.code ? null : t("need_field"));
          name.setError(v.name ? null : t("need_field"));
          const needsPrefix = v.type === 2;
          prefix.setError(needsPrefix && !/^[A-Z]{1,8}$/.test(v.casePrefix) ? t("admin_unit_prefix_hint") : null);
          if (!v.code || !v.name || (needsPrefix && !/^[A-Z]{1,8}$/.test(v.casePrefix))) return;
          if (!needsPrefix) v.casePrefix = "";
          if (await call("createOrgUnit", { requestId: newRequestId(), ...v }, `${t("admin_create_unit")} ${v.name}`)) loadTree();
        },
      },
      h("h3", {}, t("admin_create_unit")),
      parent.el,
      type.el,
      code.el,
      name.el,
      prefix.el,
      h("button", { type: "submit", class: "primary" }, t("admin_create_unit")),
    );

    const which = field({ label: t("admin_unit"), control: select(unitOptions(), liveUnits()[0]?.id) });
    const rename = field({ label: t("admin_unit_rename"), hint: t("admin_unchanged_hint"), control: h("input", { autocomplete: "off" }) });
    const move = field({ label: t("admin_unit_move"), control: select([["0", t("admin_unchanged")], ...unitOptions()], "0") });
    const update = async (retire) => {
      const unit = units.find((u) => String(u.id) === which.control.value);
      if (!unit) return;
      const change = { unitId: unit.id, name: retire ? "" : rename.control.value.trim(), newParentId: retire ? 0n : BigInt(move.control.value), retire };
      if (!retire && !change.name && !change.newParentId) {
        rename.setError(t("admin_nothing_to_change"));
        return;
      }
      rename.setError(null);
      if (await call("updateOrgUnit", change, `${retire ? t("admin_unit_retire") : t("admin_unit_save")} ${unit.name}`)) loadTree();
    };
    const edit = h(
      "form",
      { class: "action", "aria-label": t("admin_edit_unit"), novalidate: true, onsubmit: (e) => { e.preventDefault(); update(false); } },
      h("h3", {}, t("admin_edit_unit")),
      which.el,
      rename.el,
      move.el,
      h(
        "div",
        { class: "step-buttons" },
        h("button", { type: "submit", class: "primary" }, t("admin_unit_save")),
        h("button", { type: "button", onclick: () => { if (confirm(t("admin_unit_retire_confirm"))) update(true); } }, t("admin_unit_retire")),
      ),
    );
    clear(tree, h("ul", { class: "tree" }, roots.map(node)), h("div", { class: "forms" }, create, edit));
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

  // The audit log, newest first, 50 entries a page, of one kind or all; 更早的记录 adds the next.
  async function loadAudit() {
    const kind = select([["0", t("admin_audit_all")], ...AUDIT_KINDS.map((k) => [k, t(`audit_${k}`)])], "0", { id: "audit-kind" });
    const list = h("ol", { class: "history" });
    const more = h("button", { type: "button", hidden: true }, t("admin_audit_more"));
    let oldest = 0n;
    // A kind chosen while a page is on its way: only the answer for the latest choice is drawn.
    let asked = 0;
    const page = async (restart) => {
      const mine = ++asked;
      if (restart) {
        oldest = 0n;
        clear(list);
      }
      const entries = (await call("listAudit", { kind: Number(kind.value), beforeId: oldest, pageSize: AUDIT_PAGE }))?.entries ?? [];
      if (mine !== asked) return;
      for (const e of entries) list.append(h("li", {}, h("span", { class: "when" }, formatTime(e.at)), " ", h("strong", {}, t(`audit_${e.kind}`)), ` ${e.username || ""} ${e.detail || ""}`));
      if (entries.length) oldest = entries[entries.length - 1].id;
      more.hidden = entries.length < AUDIT_PAGE;
      if (!list.children.length) list.append(h("li", {}, t("admin_audit_none")));
    };
    kind.addEventListener("change", () => page(true));
    more.addEventListener("click", () => page(false));
    clear(audit, h("div", { class: "field" }, h("label", { for: "audit-kind" }, t("admin_audit_kind")), kind), list, more);
    await page(true);
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
    await loadTree();
    await Promise.all([loadUsers(), loadCalendar(), loadPolicies(), loadAudit()]);
  })();
  return { el };
}

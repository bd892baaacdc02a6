// 我的待办 (the user's open cases, nearest deadline first) and the case page (detail, history
// and the actions this user may take now, which go through the outbox).
import { h, clear, field } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId, ApiError } from "../api.js";
import { cache } from "../store.js";
import { allowedActions, actionRequest, OPEN_STATES } from "../actions.js";
import { deadlineChip, deadlineText, nearestDeadline, historyList } from "./common.js";

export function todoPage(app) {
  const list = h("div", { class: "case-list" }, h("p", {}, "…"));
  const note = h("p", { class: "hint", "aria-live": "polite" });
  const el = h(
    "div",
    { class: "page" },
    h("div", { class: "title-row" }, h("h1", {}, t("todo_title")), h("button", { type: "button", onclick: load }, t("refresh"))),
    note,
    list,
  );

  async function load() {
    let cases = null;
    note.textContent = "";
    const key = `todo:${app.api.user.id}`;
    if (app.api.online) {
      try {
        const reply = await app.api.call("listCases", { states: OPEN_STATES, order: 2, pageSize: 200 });
        cases = reply.value.cases;
        await cache.set(key, cases);
      } catch {
        cases = null;
      }
    }
    if (!cases) {
      const kept = await cache.get(key);
      cases = kept?.value ?? [];
      if (kept) note.textContent = t("todo_cached", { time: formatTime(kept.at) });
    }
    // Nearest deadline first; cases without a running clock last.
    cases = [...cases].sort((a, b) => (nearestDeadline(a) || Infinity) - (nearestDeadline(b) || Infinity) || Number(b.createdAt - a.createdAt));
    clear(
      list,
      cases.length
        ? h(
            "ul",
            { class: "cases" },
            cases.map((c) =>
              h(
                "li",
                {},
                h(
                  "a",
                  { href: `#/case/${c.id}`, class: "case-row" },
                  h("span", { class: "case-title" }, c.title),
                  h("span", { class: "case-meta" }, deadlineChip(c), ` ${c.number} · ${enumName("state", c.state)} · ${deadlineText(c)}`),
                ),
              ),
            ),
          )
        : h("p", {}, t("todo_empty")),
    );
  }
  load();
  const onStatus = () => app.api.online && load();
  app.api.addEventListener("status", onStatus);
  return { el, leave: () => app.api.removeEventListener("status", onStatus) };
}

export function casePage(app, idText) {
  const el = h("div", { class: "page" }, h("h1", {}, t("case_detail")));
  const id = /^\d{1,18}$/.test(idText) ? BigInt(idText) : 0n;

  async function load() {
    const key = `case:${app.api.user.id}:${id}`;
    let detail = null;
    let error = null;
    if (app.api.online) {
      try {
        detail = (await app.api.call("getCase", { caseId: id })).value;
        await cache.set(key, detail);
      } catch (e) {
        error = e;
      }
    }
    if (!detail && !(error instanceof ApiError)) detail = (await cache.get(key))?.value ?? null;
    if (!detail || id === 0n) {
      clear(el, h("h1", {}, t("case_detail")), h("p", { class: "form-error", role: "alert" }, t("case_not_found")), h("a", { href: "#/todo" }, t("back_to_todo")));
      return;
    }
    render(detail);
  }

  function render({ case: c, history }) {
    const me = app.api.user;
    const actions = allowedActions(c, me.role, me.id);
    clear(
      el,
      h("h1", {}, c.title),
      h(
        "dl",
        { class: "summary" },
        [
          [t("number"), c.number],
          [t("state"), enumName("state", c.state)],
          [t("level"), enumName("level", c.level)],
          [t("deadline"), [deadlineChip(c), " ", deadlineText(c)]],
          [t("location"), c.location?.address ?? ""],
          [t("created"), formatTime(c.createdAt)],
          [t("description"), c.description],
        ].map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
      ),
      c.extensionClock ? h("p", { class: "notice" }, t("extension_pending")) : null,
      h("section", { "aria-labelledby": "actions-h" }, h("h2", { id: "actions-h" }, t("actions")), actions.length ? actions.map((a) => actionForm(a, c)) : h("p", {}, t("actions_none"))),
      h("section", { "aria-labelledby": "history-h" }, h("h2", { id: "history-h" }, t("history")), historyList(history)),
    );
  }

  function actionForm(a, c) {
    const label = enumName("action", a.action);
    const parts = [];
    let reason = null;
    let amount = null;
    if (a.needs === "reason" || a.needs === "extension") {
      reason = field({ label: a.name === "resolveCase" ? t("outcome_note") : t("reason"), control: h("textarea", { rows: 2, maxlength: 1000 }) });
      parts.push(reason.el);
    }
    if (a.needs === "extension") {
      amount = field({ label: t("extension_amount"), control: h("input", { inputmode: "numeric", value: "1" }) });
      parts.push(amount.el);
    }
    const submit = async (approve) => {
      const form = { reason: reason?.control.value.trim(), amount: Number(amount?.control.value ?? 1), approve };
      if (reason && !form.reason) {
        reason.setError(t("need_reason"));
        reason.control.focus();
        return;
      }
      if (amount && !(Number.isInteger(form.amount) && form.amount >= 1 && form.amount <= 365)) {
        amount.setError(t("bad_amount"));
        amount.control.focus();
        return;
      }
      await app.outbox.add({
        frame: a.name,
        payload: actionRequest(a, c, form, app.api.user, newRequestId()),
        label: `${label} ${c.number}`,
        caseId: c.id,
        caseNumber: c.number,
      });
      app.announce(t("queued", { title: `${label} ${c.number}` }));
      // Once sent (or at once when offline), show the case as it is then.
      setTimeout(load, app.api.online ? 600 : 0);
    };
    const buttons =
      a.needs === "decision"
        ? [h("button", { type: "button", class: "primary", onclick: () => submit(true) }, t("approve")), h("button", { type: "button", onclick: () => submit(false) }, t("deny"))]
        : [h("button", { type: "submit", class: "primary" }, label)];
    return h(
      "form",
      { class: "action", novalidate: true, "aria-label": label, onsubmit: (e) => { e.preventDefault(); submit(); } },
      parts,
      h("div", { class: "step-buttons" }, buttons),
    );
  }

  load();
  return { el };
}

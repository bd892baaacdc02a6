// 预警 on the supervisor's board: the open and acknowledged early warnings of the user's scope
// (core/gridcase/warning.hpp), newest first: the kind in words, what it is about (a person
// always masked by the server), the count against its threshold in its window, the grid and
// when it was raised. A warning the server pushes (WarningPush) is shown at once and announced.
// Each is handled from its row: 知悉, 转为案件, 关联案件 (a case number), 排除 (a reason). Every
// step names the version the row shows: a warning changed meanwhile is refused as stale, said
// so in Chinese, and the row is drawn again with what was typed kept.
//
// The rows are kept by warning id and drawn again only when their version changes, so the
// board's frequent redraws never take a form from under the user's fingers.
import { h, clear, field } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId, ApiError } from "../api.js";
import { WarningAction, WarningKind, WarningState } from "../gen/gridcase/v1/gridcase_pb.js";

const LISTED = [WarningState.OPEN, WarningState.ACKNOWLEDGED];

// A warning's count against its threshold, as the CLI says it: a stalled case counts quiet
// working days, a group matter people, the others cases in their window.
export function warningCount(w) {
  const key =
    w.kind === WarningKind.STALLED ? "warnings_count_stalled"
    : w.kind === WarningKind.GROUP_MATTER ? "warnings_count_people"
    : "warnings_count";
  return t(key, { days: w.windowDays, count: w.count, threshold: w.threshold });
}

// `names`: a function from a unit id to its name (the board's org tree).
export function warningsSection(app, names) {
  const summary = h("p", { class: "warning-summary" });
  const note = h("p", { class: "done-note", role: "status", "aria-live": "polite" });
  const list = h("ul", { class: "cases warnings" });
  const more = h("p", { class: "hint", hidden: true }, t("warnings_more"));
  const problem = h("p", { class: "form-error", role: "alert", hidden: true });
  const el = h(
    "section",
    { class: "area-warnings", "aria-labelledby": "warnings-h" },
    h("h2", { id: "warnings-h" }, t("warnings_title")),
    summary,
    note,
    problem,
    list,
    more,
  );
  // id → { version, li }; id → what was typed in its forms, kept across redraws.
  const rows = new Map();
  const drafts = new Map();
  let shown = [];
  let loading = null;
  let again = false;

  // Lists the warnings again; calls arriving while one runs make one more run after it.
  async function refresh() {
    if (!app.api.online) return;
    if (loading) {
      again = true;
      return loading;
    }
    el.setAttribute("aria-busy", "true");
    loading = (async () => {
      do {
        again = false;
        await load();
      } while (again);
    })();
    try {
      await loading;
    } finally {
      loading = null;
      el.removeAttribute("aria-busy");
    }
  }

  async function load() {
    let answer;
    try {
      answer = (await app.api.call("listWarnings", { states: LISTED, pageSize: 100 })).value;
    } catch (e) {
      if (e instanceof ApiError) {
        problem.textContent = t("warnings_cannot_list", { message: e.message });
        problem.hidden = false;
      }
      return;
    }
    problem.hidden = true;
    more.hidden = !answer.nextPageToken;
    draw(answer.warnings);
  }

  function draw(warnings) {
    shown = warnings;
    const keep = new Set();
    const items = warnings.map((w) => {
      const id = String(w.id);
      keep.add(id);
      const old = rows.get(id);
      if (old && old.version === w.version) return old.li;
      const li = row(w);
      rows.set(id, { version: w.version, li });
      return li;
    });
    for (const id of [...rows.keys()]) {
      if (!keep.has(id)) {
        rows.delete(id);
        drafts.delete(id);
      }
    }
    // Moves the kept rows (an element moved keeps its typed text and focus) and adds the new.
    items.forEach((li, i) => {
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
    });
    while (list.children.length > items.length) list.lastElementChild.remove();
    const open = warnings.filter((w) => w.state === WarningState.OPEN).length;
    summary.textContent = warnings.length ? t("warnings_summary", { open, acknowledged: warnings.length - open }) : t("warnings_none");
  }

  function describe(w) {
    const count = warningCount(w);
    const baseline = w.kind === WarningKind.HOT_SPOT ? t("warnings_baseline", { baseline: w.baseline.toFixed(1) }) : "";
    return `${count}${baseline} · ${names(w.unitId)} · ${t("warnings_raised_at", { time: formatTime(w.raisedAtMs) })}`;
  }

  function row(w) {
    const id = String(w.id);
    const draft = drafts.get(id) ?? {};
    drafts.set(id, draft);
    const msg = h("p", { class: "form-error", role: "alert" });
    const remember = (key) => (e) => (draft[key] = e.target.value);

    // One handling step with the version shown; true when it was done.
    const handle = async (action, extra, label, button) => {
      msg.textContent = "";
      if (!app.api.online) {
        msg.textContent = t("error_offline");
        return false;
      }
      button.disabled = true;
      try {
        const reply = await app.api.call("handleWarning", { requestId: newRequestId(), warningId: w.id, expectedVersion: w.version, action, ...extra });
        const done = reply.value.warning;
        let what = `${label} ${t("warnings_ref", { id: String(done.id) })}`;
        if (done.caseId) what += ` → ${await caseNumber(done.caseId)}`;
        drafts.delete(id);
        note.textContent = t("done_ok", { what });
        await refresh();
        return true;
      } catch (e) {
        if (!(e instanceof ApiError)) {
          msg.textContent = t("error_offline");
          return false;
        }
        // The warning changed meanwhile: the row is drawn again as it now is, the typed text
        // kept (drafts), and the message goes to the new row.
        if (e.reason === "STALE_VERSION" || e.reason === "WARNING_SETTLED" || e.reason === "WARNING_NOT_FOUND") {
          const text = e.reason === "STALE_VERSION" ? t("warnings_stale") : e.message;
          await refresh();
          const now = rows.get(id);
          if (now) now.li.querySelector(".warning-msg").textContent = text;
          else note.textContent = text;
          return false;
        }
        msg.textContent = t("error_generic", { message: e.message });
        return false;
      } finally {
        button.disabled = false;
      }
    };

    const ack = h("button", { type: "button", onclick: (e) => handle(WarningAction.ACKNOWLEDGE, {}, t("warnings_ack"), e.currentTarget) }, t("warnings_ack"));

    // 转为案件: an optional note goes into the new case's description.
    const caseNote = field({ label: t("warnings_case_note"), control: h("input", { maxlength: 500, value: draft.caseNote ?? "", oninput: remember("caseNote") }) });
    const makeForm = h(
      "form",
      {
        class: "inline-form",
        novalidate: true,
        onsubmit: (e) => {
          e.preventDefault();
          handle(WarningAction.MAKE_CASE, { reason: caseNote.control.value.trim() }, t("warnings_make_case"), e.submitter ?? e.currentTarget.querySelector("button"));
        },
      },
      caseNote.el,
      h("button", { type: "submit", class: "primary" }, t("warnings_make_case_confirm")),
    );

    // 关联案件: a case number (XC-2026-000123) or a case id.
    const number = field({ label: t("warnings_case_number"), control: h("input", { maxlength: 40, autocomplete: "off", value: draft.number ?? "", oninput: remember("number") }) });
    const linkForm = h(
      "form",
      {
        class: "inline-form",
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          const button = e.submitter ?? e.currentTarget.querySelector("button");
          const text = number.control.value.trim();
          if (!text) {
            number.setError(t("warnings_need_number"));
            number.control.focus();
            return;
          }
          number.setError(null);
          let caseId;
          try {
            caseId = await caseIdOf(text);
          } catch (err) {
            number.setError(err instanceof ApiError ? err.message : t("error_offline"));
            return;
          }
          handle(WarningAction.LINK_CASE, { caseId }, t("warnings_link"), button);
        },
      },
      number.el,
      h("button", { type: "submit", class: "primary" }, t("warnings_link_confirm")),
    );

    // 排除: the reason is required.
    const reason = field({ label: t("warnings_dismiss_reason"), control: h("input", { maxlength: 500, value: draft.reason ?? "", oninput: remember("reason") }) });
    const dismissForm = h(
      "form",
      {
        class: "inline-form",
        novalidate: true,
        onsubmit: (e) => {
          e.preventDefault();
          const text = reason.control.value.trim();
          if (!text) {
            reason.setError(t("warnings_need_reason"));
            reason.control.focus();
            return;
          }
          reason.setError(null);
          handle(WarningAction.DISMISS, { reason: text }, t("warnings_dismiss"), e.submitter ?? e.currentTarget.querySelector("button"));
        },
      },
      reason.el,
      h("button", { type: "submit", class: "danger" }, t("warnings_dismiss_confirm")),
    );

    // A form that holds typed text opens again when the row is drawn anew.
    const details = (key, summaryText, form, open) => h("details", { class: "urge", open: open || undefined, "data-form": key }, h("summary", {}, summaryText), form);
    msg.classList.add("warning-msg");
    return h(
      "li",
      { class: "board-case warning", "data-warning": id },
      h(
        "div",
        { class: "case-row" },
        h(
          "span",
          { class: "case-title" },
          h("span", { class: w.state === WarningState.OPEN ? "chip chip-red" : "chip chip-yellow" }, enumName("warningState", w.state)),
          ` 【${enumName("warningKind", w.kind)}】${w.subject}`,
        ),
        h("span", { class: "case-meta" }, describe(w)),
      ),
      h(
        "div",
        { class: "board-actions" },
        w.state === WarningState.OPEN ? ack : null,
        details("case", t("warnings_make_case"), makeForm, Boolean(draft.caseNote)),
        details("link", t("warnings_link"), linkForm, Boolean(draft.number)),
        details("dismiss", t("warnings_dismiss"), dismissForm, Boolean(draft.reason)),
      ),
      msg,
    );
  }

  async function caseIdOf(text) {
    const plain = text.replace(/^#/, "");
    if (/^\d+$/.test(plain)) return BigInt(plain);
    return (await app.api.call("getCase", { number: text })).value.case.id;
  }

  async function caseNumber(caseId) {
    try {
      return (await app.api.call("getCase", { caseId })).value.case.number;
    } catch {
      return `#${caseId}`;
    }
  }

  // A warning the server pushed: shown at once (the list is then read again, in order).
  function pushed(w) {
    if (!LISTED.includes(w.state)) return;
    note.textContent = t("warnings_new", { what: `【${enumName("warningKind", w.kind)}】${w.subject}` });
    if (!shown.some((x) => x.id === w.id)) draw([w, ...shown]);
    refresh();
  }

  return { el, refresh, pushed };
}

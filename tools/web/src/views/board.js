// 督办看板: red, yellow and escalated counts per child unit and the most urgent cases of the
// supervisor's subtree, kept live by the subscription API: every pushed event redraws the
// board from the server within a moment. After a dropped connection it subscribes again from
// the last sequence it saw + 1, so nothing that happened meanwhile is missed. Urge, take a case
// as leader (包案) and decide an extension from here. The early warnings (预警) of the scope
// are listed under the counts and handled there (views/warnings.js); a raised one is pushed.
import { h, clear, field } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId, ApiError } from "../api.js";
import { orgTree } from "../data.js";
import { deadlineChip, deadlineText } from "./common.js";
import { projectsSection } from "./projects.js";
import { warningsSection } from "./warnings.js";

export function boardPage(app) {
  const counts = h("div", { class: "board-counts" });
  const urgent = h("div", { class: "board-cases" });
  const fresh = h("div", { class: "board-fresh" });
  const extensions = h("div", { class: "board-extensions" });
  const liveNote = h("p", { class: "live-note", role: "status", "aria-live": "polite" });
  // The week ahead on the working calendar: which days the deadlines count.
  const week = h("ol", { class: "week", "aria-label": t("board_week") });
  const doneNote = h("p", { class: "done-note", role: "status", "aria-live": "polite" });
  const projects = projectsSection(app);
  let names = new Map();
  const warnings = warningsSection(app, (id) => names.get(String(id)) ?? `#${id}`);
  const el = h(
    "div",
    { class: "page board wide" },
    h("div", { class: "title-row" }, h("h1", {}, t("board_title")), week, h("span", { class: "live-badge" }, "● ", t("board_live"))),
    h("div", { class: "notes" }, liveNote, doneNote),
    h("section", { class: "area-counts", "aria-label": t("board_unit") }, counts),
    warnings.el,
    h("section", { class: "area-extensions", "aria-labelledby": "ext-h" }, h("h2", { id: "ext-h" }, t("board_extensions")), extensions),
    h("section", { class: "area-urgent", "aria-labelledby": "urgent-h" }, h("h2", { id: "urgent-h" }, t("board_urgent")), urgent),
    h("section", { class: "area-fresh", "aria-labelledby": "fresh-h" }, h("h2", { id: "fresh-h" }, t("board_fresh")), fresh),
    projects.el,
  );
  // The rows of the two case lists, kept by case: a row is drawn again only when its case has
  // changed, so the board's redraws (every pushed event) never close an urge form being typed
  // in; what was typed and whether the form was open survive a row drawn again too.
  const lists = { extensions: rowList(), urgent: rowList() };
  const drafts = new Map();
  let lastSeq = 0n;
  let subscribed = false;
  let subscription = 0n;
  let pending = null;
  let closed = false;

  async function refresh() {
    if (closed || !app.api.online) return;
    projects.refresh();
    warnings.refresh();
    let board;
    let reported;
    let open;
    try {
      [board, reported, open] = await Promise.all([
        app.api.call("getBoard", { limit: 30 }).then((r) => r.value),
        app.api.call("listCases", { states: [1], order: 1, pageSize: 10 }).then((r) => r.value.cases),
        // Cases whose extension request waits for a decision, whatever their colour.
        app.api.call("listCases", { states: [1, 2, 3], order: 2, pageSize: 500 }).then((r) => r.value.cases),
      ]);
    } catch {
      return;
    }
    const waiting = open.filter((c) => c.extensionClock);
    lists.extensions.show(extensions, waiting, "extensions", t("board_extensions_none"));
    clear(
      fresh,
      reported.length
        ? h("ul", { class: "cases" }, reported.map((c) => h("li", {}, h("a", { href: `#/case/${c.id}`, class: "case-row" }, h("span", { class: "case-title" }, c.title), h("span", { class: "case-meta" }, `${c.number} · ${formatTime(c.createdAt)}`)))))
        : h("p", {}, t("board_fresh_none")),
    );
    const row = (name, c, th = false) => {
      const cell = th ? "th" : "td";
      return h("tr", {}, h(cell, { scope: th ? "row" : undefined }, name), h("td", { class: "num red" }, String(c?.red ?? 0)), h("td", { class: "num yellow" }, String(c?.yellow ?? 0)), h("td", { class: "num" }, String(c?.escalated ?? 0)));
    };
    clear(
      counts,
      h(
        "table",
        { class: "counts" },
        h("caption", { class: "visually-hidden" }, t("board_title")),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("board_unit")), h("th", { scope: "col" }, t("board_red")), h("th", { scope: "col" }, t("board_yellow")), h("th", { scope: "col" }, t("board_escalated")))),
        h("tbody", {}, board.children.map((c) => row(names.get(String(c.unitId)) ?? `#${c.unitId}`, c, true))),
        h("tfoot", {}, row(t("board_total"), board.total, true)),
      ),
    );
    lists.urgent.show(urgent, board.cases, "urgent", t("board_empty"));
  }

  // A list of case rows that keeps its elements: `show` puts the rows of `cases` in order into
  // `where` (the same <ul> each time), reusing a row whose case is as it was, and the words
  // `none` when there is no case.
  function rowList() {
    const ul = h("ul", { class: "cases" });
    const empty = h("p", {});
    const rows = new Map();
    return {
      show(where, cases, list, none) {
        const seen = new Set();
        const items = cases.map((c) => {
          const id = String(c.id);
          const key = `${c.version}:${c.colour}`;
          seen.add(id);
          const old = rows.get(id);
          if (old && old.key === key) return old.li;
          const li = caseRow(c, `${list}:${id}`);
          rows.set(id, { key, li });
          return li;
        });
        for (const id of [...rows.keys()]) {
          if (seen.has(id)) continue;
          rows.delete(id);
          drafts.delete(`${list}:${id}`);
        }
        // Only rows out of place move (a moved element loses the focus).
        items.forEach((li, i) => {
          if (ul.children[i] !== li) ul.insertBefore(li, ul.children[i] ?? null);
        });
        while (ul.children.length > items.length) ul.lastElementChild.remove();
        empty.textContent = none;
        const shown = items.length ? ul : empty;
        if (where.firstChild !== shown || where.childNodes.length !== 1) clear(where, shown);
      },
    };
  }

  function caseRow(c, draftKey) {
    const draft = drafts.get(draftKey) ?? { text: "", open: false };
    drafts.set(draftKey, draft);
    const note = field({ label: t("urge_note"), control: h("input", { maxlength: 500, value: draft.text, oninput: (e) => (draft.text = e.target.value) }) });
    const msg = h("p", { class: "hint", "aria-live": "polite" });
    const act = async (frame, extra, label) => {
      try {
        await app.api.call(frame, { header: { requestId: newRequestId(), caseId: c.id, expectedVersion: 0n, reason: extra.reason ?? "" }, ...extra.fields });
        if (frame === "urgeCase") drafts.delete(draftKey);
        // The row is redrawn with the board: the word goes to the board's own status line.
        doneNote.textContent = t("done_ok", { what: `${label} ${c.number}` });
        refresh();
      } catch (e) {
        msg.textContent = t("error_generic", { message: e instanceof ApiError ? e.message : t("error_offline") });
      }
    };
    const urgeForm = h(
      "form",
      {
        class: "inline-form",
        novalidate: true,
        onsubmit: (e) => {
          e.preventDefault();
          const reason = note.control.value.trim();
          if (!reason) {
            note.setError(t("need_reason"));
            note.control.focus();
            return;
          }
          note.setError(null);
          act("urgeCase", { reason, fields: {} }, t("urge"));
        },
      },
      note.el,
      h("button", { type: "submit", class: "primary" }, t("urge")),
    );
    return h(
      "li",
      { class: "board-case", "data-case": String(c.id) },
      h("div", { class: "case-row" }, h("a", { href: `#/case/${c.id}`, class: "case-title" }, c.title), h("span", { class: "case-meta" }, deadlineChip(c), ` ${c.number} · ${enumName("state", c.state)} · ${enumName("level", c.level)} · ${deadlineText(c)}`), c.extensionClock ? h("span", { class: "notice" }, t("extension_pending")) : null),
      h(
        "div",
        { class: "board-actions" },
        h("details", { class: "urge", open: draft.open || undefined, ontoggle: (e) => (draft.open = e.currentTarget.open) }, h("summary", {}, t("urge"), c.urgeCount ? `（${t("urged_times", { n: c.urgeCount })}）` : ""), urgeForm),
        c.leaderUserId ? null : h("button", { type: "button", onclick: () => act("assignLeader", { fields: { leaderUserId: BigInt(app.api.user.id) } }, t("assign_leader")) }, t("assign_leader")),
        c.extensionClock
          ? [
              h("button", { type: "button", onclick: () => act("decideExtension", { fields: { approve: true } }, t("approve")) }, `${t("decide_extension")}：${t("approve")}`),
              h("button", { type: "button", onclick: () => act("decideExtension", { fields: { approve: false } }, t("deny")) }, `${t("decide_extension")}：${t("deny")}`),
            ]
          : null,
      ),
      msg,
    );
  }

  // Redraws at most every 150 ms however many events arrive together.
  function soon() {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      refresh();
    }, 150);
  }

  async function subscribe() {
    if (closed || !app.api.online) return;
    try {
      const reply = await app.api.call("subscribe", { fromSeq: lastSeq ? lastSeq + 1n : 0n });
      subscription = reply.value.subscriptionId;
      if (!lastSeq) lastSeq = reply.value.nextSeq - 1n;
      subscribed = true;
    } catch {
      subscribed = false;
    }
  }

  const onPush = (e) => {
    const ev = e.detail.event;
    if (!ev || e.detail.subscriptionId !== subscription) return;
    if (ev.seq > lastSeq) lastSeq = ev.seq;
    liveNote.textContent = t("board_updated", { what: `${ev.caseNumber} ${enumName("action", ev.action)} ${formatTime(ev.at)}` });
    soon();
  };
  const onStatus = async () => {
    if (app.api.online) {
      await subscribe();
      refresh();
    } else {
      subscribed = false;
    }
  };
  const onWarning = (e) => {
    if (e.detail.warning) warnings.pushed(e.detail.warning);
  };
  app.api.addEventListener("push", onPush);
  app.api.addEventListener("warning", onWarning);
  app.api.addEventListener("status", onStatus);

  // The board stays open for days on a wall screen: the week is drawn again once the date
  // (Asia/Shanghai) has changed.
  const day = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
  let weekOf = "";
  const weekTimer = setInterval(() => {
    if (day(Date.now()) !== weekOf) loadWeek();
  }, 60 * 1000);
  async function loadWeek() {
    const now = Date.now();
    let days = [];
    try {
      days = (await app.api.call("workingTime", { fromDate: day(now), toDate: day(now + 6 * 86400 * 1000) })).value.days;
    } catch {
      return;
    }
    weekOf = day(now);
    clear(
      week,
      days.map((d, i) =>
        h(
          "li",
          { class: d.working ? "work" : "off", title: d.name || null },
          h("span", { class: "wd" }, i === 0 ? t("today") : t("weekday_" + new Date(`${d.date}T00:00:00Z`).getUTCDay())),
          h("span", { class: "md" }, `${Number(d.date.slice(5, 7))}/${Number(d.date.slice(8, 10))}`),
          h("span", { class: "dk" }, d.working ? (d.kind === 4 ? t("day_adjusted") : t("day_working")) : d.name || t("day_rest")),
        ),
      ),
    );
  }

  (async () => {
    loadWeek();
    names = new Map(((await orgTree(app)) ?? []).map((u) => [String(u.id), u.name]));
    await subscribe();
    refresh();
  })();

  return {
    el,
    leave: () => {
      closed = true;
      clearInterval(weekTimer);
      app.api.removeEventListener("push", onPush);
      app.api.removeEventListener("warning", onWarning);
      app.api.removeEventListener("status", onStatus);
      if (subscribed && app.api.online) app.api.call("unsubscribe", { subscriptionId: subscription }).catch(() => {});
    },
  };
}

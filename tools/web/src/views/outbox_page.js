// 发件箱: every action taken on this phone, oldest first, with where it stands (waiting,
// sending, sent, conflict, refused); a conflict shows what changed and offers redo or drop.
// A report the server took shows its number and, when the server found cases it likely
// repeats, those cases (可能重复的事件), to link to or, for who may, merge into.
import { h, clear } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId } from "../api.js";
import { Role } from "../gen/gridcase/v1/gridcase_pb.js";

// Who may link cases and who may merge them (core/src/action_table.cpp: LINK and MERGE).
const MAY_LINK = new Set([Role.GRID_WORKER, Role.MEDIATOR, Role.HANDLER, Role.INTAKE_CLERK, Role.SUPERVISOR]);
const MAY_MERGE = new Set([Role.INTAKE_CLERK, Role.SUPERVISOR]);

const STATUS = {
  waiting: ["status_waiting", "⧗"],
  sending: ["status_sending", "↑"],
  sent: ["status_sent", "✓"],
  conflict: ["status_conflict", "!"],
  failed: ["status_failed", "✕"],
};

export function outboxPage(app) {
  const list = h("div", {});
  const el = h(
    "div",
    { class: "page" },
    h(
      "div",
      { class: "title-row" },
      h("h1", {}, t("outbox_title")),
      h("button", { type: "button", onclick: () => app.outbox.flush() }, t("send_now")),
      h("button", { type: "button", onclick: () => app.outbox.clearSent() }, t("clear_sent")),
    ),
    list,
  );
  const draw = () => {
    const items = app.outbox.items;
    clear(
      list,
      items.length
        ? h(
            "ol",
            { class: "outbox" },
            items.map((item) => {
              const [key, mark] = STATUS[item.status] ?? STATUS.waiting;
              const uploaded = item.photos?.filter((p) => p.uploaded).length ?? 0;
              return h(
                "li",
                { class: `item item-${item.status}`, "data-status": item.status },
                h("div", { class: "item-head" }, h("span", { class: `status status-${item.status}` }, h("span", { "aria-hidden": "true" }, mark), " ", t(key)), " ", h("span", { class: "item-label" }, item.label)),
                h("div", { class: "hint" }, formatTime(item.createdAt), item.caseNumber ? ` · ${item.caseNumber}` : ""),
                item.photos?.length ? h("div", { class: "hint" }, t("photos_pending", { done: uploaded, n: item.photos.length })) : null,
                item.partiesRemoved ? h("div", { class: "hint" }, t("parties_removed")) : null,
                item.error ? h("p", { class: "form-error" }, item.error.message) : null,
                item.status === "sent" && item.likelyDuplicates?.length ? duplicates(item) : null,
                item.status === "conflict" || item.status === "failed" ? conflict(item) : null,
              );
            }),
          )
        : h("p", {}, t("outbox_empty")),
    );
  };
  // The cases the new one likely repeats, each a link, with 关联 (link the two) and 合并 (handle
  // the new one within the other) through the outbox, as `gridcase cases link / merge` do.
  function duplicates(item) {
    const role = app.api.user?.role;
    const headingId = `dupes-${item.id}`;
    const asked = item.duplicateActions ?? {};
    const ask = async (dup, how) => {
      const header = { requestId: newRequestId(), caseId: BigInt(item.caseId), expectedVersion: 0n, reason: t("dup_reason", { number: dup.number }) };
      const linking = how === "link";
      const label = t(linking ? "dup_linking" : "dup_merging", { number: item.caseNumber, other: dup.number });
      item.duplicateActions = { ...asked, [String(dup.id)]: how };
      await app.outbox.save(item);
      await app.outbox.add({
        frame: linking ? "linkCases" : "mergeCase",
        payload: linking ? { header, otherCaseId: BigInt(dup.id) } : { header, intoCaseId: BigInt(dup.id) },
        label,
        caseId: item.caseId,
        caseNumber: item.caseNumber,
      });
      app.announce(t("queued", { title: label }));
    };
    // A merge is asked once more before it goes: the new case is then handled within the other.
    const buttons = (dup, name) => {
      const row = h("div", { class: "step-buttons" });
      const offer = () =>
        clear(
          row,
          MAY_LINK.has(role) ? h("button", { type: "button", "aria-label": t("dup_link_named", { name }), onclick: () => ask(dup, "link") }, t("dup_link")) : null,
          MAY_MERGE.has(role)
            ? h("button", {
                type: "button",
                "aria-label": t("dup_merge_named", { name }),
                onclick: () => {
                  const yes = h("button", { type: "button", class: "danger", onclick: () => ask(dup, "merge") }, t("dup_merge_confirm"));
                  clear(row, h("span", { class: "notice", role: "alert" }, t("dup_merge_ask", { number: item.caseNumber, other: dup.number })), yes, h("button", { type: "button", onclick: offer }, t("cancel")));
                  yes.focus();
                },
              }, t("dup_merge"))
            : null,
        );
      offer();
      return row;
    };
    return h(
      "section",
      { class: "dupes", "aria-labelledby": headingId },
      h("h2", { id: headingId }, t("dup_after_title")),
      h("p", { class: "hint" }, t("dup_after_hint", { number: item.caseNumber })),
      h(
        "ul",
        {},
        item.likelyDuplicates.map((dup) => {
          const done = asked[String(dup.id)];
          const name = `${dup.number} ${dup.title}`;
          return h(
            "li",
            {},
            h("a", { href: `#/case/${dup.id}` }, name),
            ` — ${enumName("state", dup.state)}${dup.address ? ` · ${dup.address}` : ""}`,
            done ? h("p", { class: "hint" }, t(done === "link" ? "dup_link_asked" : "dup_merge_asked")) : buttons(dup, name),
          );
        }),
      ),
    );
  }

  function conflict(item) {
    return h(
      "div",
      { class: "conflict" },
      item.changes?.length
        ? [
            h("p", {}, t("conflict_changed")),
            h("ul", {}, item.changes.map((c) => h("li", {}, `${formatTime(c.at)} ${enumName("action", c.action)}${c.toState && c.fromState !== c.toState ? ` ${enumName("state", c.fromState)} → ${enumName("state", c.toState)}` : ""}${c.reason ? `：${c.reason}` : ""}`))),
          ]
        : null,
      item.currentState ? h("p", {}, t("conflict_now", { state: enumName("state", item.currentState), version: String(item.currentVersion) })) : null,
      // A step the case no longer allows cannot simply be redone: say what it allows now.
      item.error?.reason === "TRANSITION_NOT_ALLOWED"
        ? h("p", { class: "notice" }, item.error.allowedActions?.length ? t("conflict_allowed", { actions: item.error.allowedActions.map((a) => enumName("action", a)).join("、") }) : t("conflict_nothing"))
        : null,
      h(
        "div",
        { class: "step-buttons" },
        h("button", { type: "button", class: "primary", onclick: () => app.outbox.redo(item.id) }, t("redo")),
        h("button", { type: "button", onclick: () => app.outbox.drop(item.id) }, t("drop")),
      ),
    );
  }
  draw();
  app.outbox.addEventListener("change", draw);
  return { el, leave: () => app.outbox.removeEventListener("change", draw) };
}

// 发件箱: every action taken on this phone, oldest first, with where it stands (waiting,
// sending, sent, conflict, refused); a conflict shows what changed and offers redo or drop.
import { h, clear } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";

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
                item.status === "conflict" || item.status === "failed" ? conflict(item) : null,
              );
            }),
          )
        : h("p", {}, t("outbox_empty")),
    );
  };
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

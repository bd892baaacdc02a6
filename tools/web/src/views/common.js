// Pieces several pages share: the deadline chip (colour and words), the history list.
import { h } from "../dom.js";
import { t, enumName, formatTime, formatDeadline } from "../i18n.js";

const COLOUR = { 3: ["red", "chip_red"], 2: ["yellow", "chip_yellow"], 1: ["green", "chip_green"] };

// A chip that carries its meaning in words as well as colour (超期 / 临期 / 正常).
// `words` replaces the chip's words (the ranking's bands use the same colours).
export function deadlineChip(kase, words = null) {
  const [cls, key] = COLOUR[kase.colour] ?? ["none", "chip_none"];
  return h("span", { class: `chip chip-${cls}` }, h("span", { class: "chip-mark", "aria-hidden": "true" }, cls === "red" ? "!" : cls === "yellow" ? "◔" : cls === "green" ? "✓" : "–"), words ?? t(key));
}

// The nearest running deadline of a case (0 when none).
export function nearestDeadline(kase) {
  const running = kase.clocks.filter((c) => c.run === 2 && c.deadline);
  if (!running.length) return 0;
  return Math.min(...running.map((c) => Number(c.deadline)));
}

export function deadlineText(kase) {
  const d = nearestDeadline(kase);
  return d ? t("deadline_at", { time: formatDeadline(d) }) : t("no_deadline");
}

// Who did it, as far as the phone knows: the user themself, the system (deadlines), the name
// the server gave with the case (GetCaseResponse.user_names), or a user number.
function actorName(id, me, names) {
  const n = Number(id);
  if (!n) return t("by_system");
  if (me && n === Number(me.id)) return t("by_me");
  return names?.[String(n)] ?? t("by_user", { id: n });
}

// A case's history in words; `names` the users' names by id, as GetCase answers them.
export function historyList(events, me = null, names = null) {
  return h(
    "ol",
    { class: "history" },
    events.map((ev) =>
      h(
        "li",
        {},
        h("span", { class: "when" }, formatTime(ev.at)),
        " ",
        h("strong", {}, enumName("action", ev.action)),
        ev.fromState !== ev.toState && ev.toState ? ` ${ev.fromState ? enumName("state", ev.fromState) + " → " : ""}${enumName("state", ev.toState)}` : "",
        ev.reason ? h("span", { class: "reason" }, `：${ev.reason}`) : "",
        h("span", { class: "who" }, ` (${actorName(ev.actorUserId ?? ev.actor, me, names)})`),
      ),
    ),
  );
}

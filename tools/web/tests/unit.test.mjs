// The application's own rules, without a browser: what it accepts as typed, and which case
// action forms it shows for what the server answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkIdNumber, checkPhone } from "../src/validate.js";
import { CASE_ACTIONS, allowedActions } from "../src/actions.js";
import { Action, Period } from "../src/gen/gridcase/v1/gridcase_pb.js";
import { buckets } from "../src/periods.js";

test("a mobile number is 11 digits starting with 1; spaces and dashes are allowed", () => {
  assert.equal(checkPhone("13800138000"), null);
  assert.equal(checkPhone("138-0013-8000"), null);
  assert.equal(checkPhone(""), null); // optional
  assert.equal(checkPhone("1380013800"), "bad_phone");
  assert.equal(checkPhone("23800138000"), "bad_phone");
  assert.equal(checkPhone("1380013800a"), "bad_phone");
});

test("an ID number needs 18 characters, a real birth date and the right check character", () => {
  assert.equal(checkIdNumber("11010519491231002X"), null);
  assert.equal(checkIdNumber("11010519491231002x"), null);
  assert.equal(checkIdNumber(""), null); // optional
  assert.equal(checkIdNumber("110105194912310021"), "bad_id"); // wrong check character
  assert.equal(checkIdNumber("11010519491231002"), "bad_id"); // too short
  assert.equal(checkIdNumber("110105194913310025"), "bad_id"); // month 13
});

test("each action form sends the frame of its action", () => {
  const camel = (n) => n.toLowerCase().replace(/_(\w)/g, (_, c) => c.toUpperCase());
  for (const a of CASE_ACTIONS) {
    const base = camel(Action[a.action]);
    assert.ok(a.name === base || a.name === `${base}Case`, `${a.name} against Action.${Action[a.action]}`);
  }
});

test("the forms shown are those of the server's actions_now, and only those", () => {
  const detail = (actionsNow, extra = {}) => ({ case: { assigneeUserId: 0n, leaderUserId: 0n, ...extra }, actionsNow });
  const names = (d, me = 7) => allowedActions(d, me).map((a) => a.name).sort();
  assert.deepEqual(names(detail([Action.ACCEPT, Action.COMMENT, Action.ESCALATE])), ["acceptCase", "commentCase", "escalateCase"]);
  assert.deepEqual(names(detail([])), []);
  assert.deepEqual(names({ case: {} }), []); // a detail cached before the server named its actions
  // Actions without a form on these pages (mediation, hazards) are not offered here.
  assert.deepEqual(names(detail([Action.RECORD_CONSENT, Action.URGE])), ["urgeCase"]);
  // 自办: dispatching to oneself is offered while the case is someone else's or no one's.
  assert.deepEqual(names(detail([Action.DISPATCH], { assigneeUserId: 7n })), []);
  assert.deepEqual(names(detail([Action.DISPATCH], { assigneeUserId: 8n })), ["dispatchCase"]);
  assert.deepEqual(names(detail([Action.ASSIGN_LEADER], { leaderUserId: 5n })), []);
});

test("the trend's weeks and months are the server's: ISO weeks, clipped to the range", () => {
  const weeks = buckets("2020-12-30", "2021-01-12", Period.WEEK);
  assert.deepEqual(
    weeks.map((b) => [b.start, b.label, b.from, b.to]),
    [
      ["2020-12-28", "2020-W53", "2020-12-30", "2021-01-04"],
      ["2021-01-04", "2021-W01", "2021-01-04", "2021-01-11"],
      ["2021-01-11", "2021-W02", "2021-01-11", "2021-01-12"],
    ],
  );
  assert.equal(buckets("2026-01-01", "2027-01-01", Period.WEEK).at(-1).label, "2026-W53");
  const months = buckets("2025-11-15", "2026-02-01", Period.MONTH);
  assert.deepEqual(
    months.map((b) => [b.start, b.label, b.from, b.to]),
    [
      ["2025-11-01", "2025-11", "2025-11-15", "2025-12-01"],
      ["2025-12-01", "2025-12", "2025-12-01", "2026-01-01"],
      ["2026-01-01", "2026-01", "2026-01-01", "2026-02-01"],
    ],
  );
  assert.deepEqual(buckets("2026-02-01", "2026-02-01", Period.MONTH), []);
});

test("every action of the wire has a name in Chinese and in English, so no history shows a bare number", async () => {
  globalThis.localStorage ??= { getItem: () => null, setItem: () => {} };
  globalThis.document ??= { documentElement: {} };
  const { enums } = await import("../src/i18n.js");
  const values = Object.values(Action).filter((v) => typeof v === "number" && v > 0);
  assert.ok(values.length > 40, `only ${values.length} actions`);
  for (const v of values) {
    assert.ok(enums.zh.action[v], `no Chinese name for action ${v} (${Action[v]})`);
    assert.ok(enums.en.action[v], `no English name for action ${v} (${Action[v]})`);
  }
});

test("every warning kind and state has a name in Chinese and in English", async () => {
  globalThis.localStorage ??= { getItem: () => null, setItem: () => {} };
  globalThis.document ??= { documentElement: {} };
  const { enums } = await import("../src/i18n.js");
  const { WarningKind, WarningState } = await import("../src/gen/gridcase/v1/gridcase_pb.js");
  for (const [group, e] of [["warningKind", WarningKind], ["warningState", WarningState]]) {
    for (const v of Object.values(e).filter((x) => typeof x === "number" && x > 0)) {
      assert.ok(enums.zh[group][v], `no Chinese name for ${group} ${v}`);
      assert.ok(enums.en[group][v], `no English name for ${group} ${v}`);
    }
  }
  assert.equal(enums.zh.warningKind[WarningKind.REPEAT_CONTACT], "重复来访来电");
});

test("a warning's count is said in its own unit: working days for a stalled case, people for a group matter", async () => {
  globalThis.localStorage ??= { getItem: () => null, setItem: () => {} };
  globalThis.document ??= { documentElement: {} };
  const { warningCount } = await import("../src/views/warnings.js");
  const { WarningKind } = await import("../src/gen/gridcase/v1/gridcase_pb.js");
  const w = (kind) => ({ kind, windowDays: 30, count: 6, threshold: 5 });
  assert.equal(warningCount(w(WarningKind.STALLED)), "6 个工作日无办理记录，阈值 5 个工作日");
  assert.equal(warningCount(w(WarningKind.GROUP_MATTER)), "30天内 6 人，阈值 5 人");
  assert.equal(warningCount(w(WarningKind.REPEAT_CONTACT)), "30天内 6 件，阈值 5 件");
});

test("a project's budget is shown in 万元, exactly", async () => {
  globalThis.localStorage ??= { getItem: () => null, setItem: () => {} };
  globalThis.document ??= { documentElement: {} };
  const { wan } = await import("../src/views/projects.js");
  assert.equal(wan(3200000n), "320");
  assert.equal(wan(1150000n), "115");
  assert.equal(wan(125500n), "12.55");
  assert.equal(wan(8000n), "0.8");
  assert.equal(wan(12345n), "1.2345");
  assert.equal(wan(0n), "0");
  assert.equal(wan(300000000n), "30000");
});

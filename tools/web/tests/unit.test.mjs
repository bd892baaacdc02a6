// The application's own rules, without a browser: what it accepts as typed, and its table of
// case actions against the server's (core/src/action_table.cpp).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { checkIdNumber, checkPhone } from "../src/validate.js";
import { CASE_ACTIONS, allowedActions } from "../src/actions.js";
import { Action, CaseState, Role } from "../src/gen/gridcase/v1/gridcase_pb.js";

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

// Reads one row of the server's action table: the roles that may take the action and the
// states it may be taken from.
function serverRow(source, name) {
  const start = source.indexOf(`{Action::${name},`);
  assert.ok(start >= 0, `no row for Action::${name} in action_table.cpp`);
  const next = source.indexOf("{Action::", start + 1);
  const row = source.slice(start, next < 0 ? undefined : next);
  const abbrev = { GW: "GRID_WORKER", MED: "MEDIATOR", HND: "HANDLER", CLK: "INTAKE_CLERK", SUP: "SUPERVISOR" };
  const roleGroup = row.match(/\{((?:\s*(?:GW|MED|HND|CLK|SUP)\s*,?)+)\}/);
  const roles = roleGroup[1].split(",").map((r) => Role[abbrev[r.trim()]]).sort();
  const shouty = (k) => k.replace(/^k/, "").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
  let from;
  const keeps = row.match(/keeps_state\(\{([^}]*)\}\)/);
  if (keeps) from = [...keeps[1].matchAll(/S::(k\w+)/g)].map((m) => CaseState[shouty(m[1])]);
  else from = [...row.matchAll(/\{S::(k\w+),/g)].map((m) => CaseState[shouty(m[1])]);
  return { roles, from: [...new Set(from)].sort() };
}

test("the actions the pages offer follow the server's action table", () => {
  const source = readFileSync(new URL("../../../core/src/action_table.cpp", import.meta.url), "utf8");
  for (const a of CASE_ACTIONS) {
    const name = "k" + Action[a.action].toLowerCase().replace(/(^|_)(\w)/g, (_, __, c) => c.toUpperCase());
    const row = serverRow(source, name);
    assert.deepEqual([...a.roles].sort(), row.roles, `roles of ${name}`);
    assert.deepEqual([...a.states].sort(), row.from, `states of ${name}`);
  }
});

test("only the actions allowed now are offered", () => {
  const kase = (state, extra = {}) => ({ state, clocks: [{ kind: 2, run: 2 }], extensionClock: 0, leaderUserId: 0n, ...extra });
  const names = (k, role) => allowedActions(k, role).map((a) => a.name).sort();
  assert.deepEqual(names(kase(CaseState.REPORTED), Role.GRID_WORKER), ["acceptCase", "commentCase", "escalateCase", "requestExtension"]);
  assert.ok(!names(kase(CaseState.IN_PROGRESS), Role.GRID_WORKER).includes("urgeCase"));
  assert.ok(names(kase(CaseState.IN_PROGRESS), Role.GRID_WORKER).includes("resolveCase"));
  assert.deepEqual(names(kase(CaseState.CLOSED), Role.SUPERVISOR), []);
  assert.ok(names(kase(CaseState.IN_PROGRESS, { extensionClock: 2 }), Role.SUPERVISOR).includes("decideExtension"));
  assert.ok(!names(kase(CaseState.IN_PROGRESS), Role.SUPERVISOR).includes("decideExtension"));
  assert.ok(!names(kase(CaseState.IN_PROGRESS, { leaderUserId: 5n }), Role.SUPERVISOR).includes("assignLeader"));
});

// The case actions the pages offer, and in which states and to which roles, as in the server's
// action table (core/src/action_table.cpp; tests/action_table_mirror.test.mjs checks these rows
// against it). The server decides in the end: an action it refuses answers with the reason.
import { CaseState as S, Role as R } from "./gen/gridcase/v1/gridcase_pb.js";

const OPEN_FOR_COMMENT = [S.REPORTED, S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED, S.SUSPENDED, S.UNDER_REVIEW, S.REVIEWED, S.UNDER_RE_REVIEW];

// name: the ClientFrame field; action: the wire's Action; needs: what the form asks.
export const CASE_ACTIONS = [
  { name: "acceptCase", action: 2, roles: [R.GRID_WORKER, R.MEDIATOR, R.INTAKE_CLERK, R.SUPERVISOR], states: [S.REPORTED] },
  { name: "dispatchCase", action: 4, roles: [R.GRID_WORKER, R.INTAKE_CLERK, R.SUPERVISOR], states: [S.ACCEPTED, S.IN_PROGRESS], needs: "self" },
  { name: "resolveCase", action: 7, roles: [R.GRID_WORKER, R.MEDIATOR, R.HANDLER, R.SUPERVISOR], states: [S.IN_PROGRESS], needs: "reason" },
  { name: "escalateCase", action: 6, roles: [R.GRID_WORKER, R.MEDIATOR, R.HANDLER, R.INTAKE_CLERK, R.SUPERVISOR], states: [S.REPORTED, S.ACCEPTED, S.IN_PROGRESS], needs: "reason" },
  { name: "commentCase", action: 13, roles: [R.GRID_WORKER, R.MEDIATOR, R.HANDLER, R.INTAKE_CLERK, R.SUPERVISOR], states: OPEN_FOR_COMMENT, needs: "reason" },
  { name: "requestExtension", action: 16, roles: [R.GRID_WORKER, R.MEDIATOR, R.HANDLER, R.INTAKE_CLERK, R.SUPERVISOR], states: [S.REPORTED, S.ACCEPTED, S.IN_PROGRESS], needs: "extension" },
  { name: "closeCase", action: 8, roles: [R.MEDIATOR, R.INTAKE_CLERK, R.SUPERVISOR], states: [S.RESOLVED, S.REVIEWED] },
  { name: "reopenCase", action: 9, roles: [R.INTAKE_CLERK, R.SUPERVISOR], states: [S.RESOLVED], needs: "reason" },
  { name: "urgeCase", action: 14, roles: [R.SUPERVISOR], states: [S.REPORTED, S.ACCEPTED, S.IN_PROGRESS, S.SUSPENDED, S.UNDER_REVIEW, S.UNDER_RE_REVIEW], needs: "reason" },
  { name: "assignLeader", action: 15, roles: [R.SUPERVISOR], states: [S.REPORTED, S.ACCEPTED, S.IN_PROGRESS, S.SUSPENDED], needs: "leader" },
  { name: "decideExtension", action: 17, roles: [R.SUPERVISOR], states: [S.REPORTED, S.ACCEPTED, S.IN_PROGRESS], needs: "decision" },
];

// The actions user `meId` in `role` may take on `kase` now. The pages dispatch only to the user
// themself (自办), so dispatching is offered while the case is not already theirs.
export function allowedActions(kase, role, meId = 0) {
  return CASE_ACTIONS.filter((a) => {
    if (!a.roles.includes(role) || !a.states.includes(kase.state)) return false;
    if (a.name === "decideExtension") return Boolean(kase.extensionClock);
    // More time for the handling clock (RESOLVE), while it runs.
    if (a.name === "requestExtension") return !kase.extensionClock && kase.clocks.some((c) => c.kind === 2 && c.run === 2);
    if (a.name === "assignLeader") return !kase.leaderUserId;
    if (a.name === "dispatchCase") return Number(kase.assigneeUserId ?? 0) !== Number(meId);
    return true;
  });
}

// The request for an action on `kase`, built from what the form gathered.
export function actionRequest(a, kase, form, me, requestId) {
  // Steps that move the case expect the version the user saw; a comment or a request for more
  // time stands whatever happened meanwhile.
  const versioned = !["commentCase", "requestExtension", "urgeCase"].includes(a.name);
  const header = { requestId, caseId: kase.id, expectedVersion: versioned ? kase.version : 0n, reason: form.reason ?? "" };
  switch (a.name) {
    case "dispatchCase":
      return { header, unitId: kase.handlingUnitId, assigneeUserId: BigInt(me.id) };
    case "resolveCase":
      return { header, outcome: 1 };
    case "escalateCase":
      return { header, escalationReason: 1 };
    case "requestExtension":
      return { header, clock: 0, amount: BigInt(form.amount ?? 1) };
    case "assignLeader":
      return { header, leaderUserId: BigInt(me.id) };
    case "decideExtension":
      return { header, approve: Boolean(form.approve) };
    default:
      return { header };
  }
}

export const OPEN_STATES = [S.REPORTED, S.ACCEPTED, S.IN_PROGRESS, S.SUSPENDED, S.RESOLVED, S.UNDER_REVIEW, S.REVIEWED, S.UNDER_RE_REVIEW];

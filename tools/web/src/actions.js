import { CaseState as S } from "./gen/gridcase/v1/gridcase_pb.js";

// The case actions the pages offer a form for. Which of them a user may take on a case now is
// the server's answer (GetCaseResponse.actions_now: state, kind, role, scope, a pending
// extension): the pages do not keep a copy of its action table.
// name: the ClientFrame field; action: the wire's Action; needs: what the form asks.
export const CASE_ACTIONS = [
  { name: "acceptCase", action: 2 },
  { name: "dispatchCase", action: 4, needs: "self" },
  { name: "resolveCase", action: 7, needs: "reason" },
  { name: "escalateCase", action: 6, needs: "reason" },
  { name: "commentCase", action: 13, needs: "reason" },
  { name: "requestExtension", action: 16, needs: "extension" },
  { name: "closeCase", action: 8 },
  { name: "reopenCase", action: 9, needs: "reason" },
  { name: "urgeCase", action: 14, needs: "reason" },
  { name: "assignLeader", action: 15, needs: "leader" },
  { name: "decideExtension", action: 17, needs: "decision" },
];

// The forms to show for a case the server described (`detail`: a GetCaseResponse, as fetched or
// as cached for offline use) to user `meId`. The pages dispatch only to the user themself (自办),
// and assign only the user as leader, so those forms show while they would change something.
export function allowedActions(detail, meId = 0) {
  const now = new Set(detail.actionsNow ?? []);
  const kase = detail.case;
  return CASE_ACTIONS.filter((a) => {
    if (!now.has(a.action)) return false;
    if (a.name === "dispatchCase") return Number(kase.assigneeUserId ?? 0) !== Number(meId);
    if (a.name === "assignLeader") return !kase.leaderUserId;
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

#!/usr/bin/python3
"""Writes the seed corpus of tests/fuzz/frame_fuzzer.cpp: one encoded ClientFrame per file.

The frames use real ids of the demo database (the fuzzer loads the same demo), read from a
server started on a fresh demo database:

    make_corpus.py --server build/tools/gridcased/gridcased --admin build/tools/admin/gridcase-admin \\
                   --proto-py build/proto/python [--out tests/fuzz/corpus]
"""

import argparse
import asyncio
import hashlib
import os
import re
import signal
import subprocess
import sys
import tempfile

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("--server", required=True)
p.add_argument("--admin", required=True)
p.add_argument("--proto-py", required=True)
p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
ARGS = p.parse_args()
sys.path.insert(0, ARGS.proto_py)

import websockets  # noqa: E402
from gridcase.v1 import gridcase_pb2 as pb  # noqa: E402


async def demo_ids(url):
    async with websockets.connect(url, max_size=64 * 1024 * 1024) as ws:
        n = 0

        async def call(**req):
            nonlocal n
            n += 1
            await ws.send(pb.ClientFrame(call_id=n, **req).SerializeToString())
            while True:
                f = pb.ServerFrame()
                f.ParseFromString(await ws.recv())
                if f.HasField("reply") and f.reply.call_id == n:
                    return f.reply

        await call(login=pb.LoginRequest(username="supervisor", password="demo12345"))
        tree = (await call(get_org_tree=pb.GetOrgTreeRequest())).org_tree
        cases = (await call(list_cases=pb.ListCasesRequest(page_size=500))).cases.cases
        return tree, cases


def frames(tree, cases):
    grid = next(u.id for u in tree.units if u.type == pb.UNIT_TYPE_GRID)
    community = next(u.id for u in tree.units if u.type == pb.UNIT_TYPE_COMMUNITY)
    by_state = {}
    for c in cases:
        by_state.setdefault(c.state, c)
    reported = by_state.get(pb.CASE_STATE_REPORTED, cases[0])
    accepted = by_state.get(pb.CASE_STATE_ACCEPTED, cases[0])
    progress = by_state.get(pb.CASE_STATE_IN_PROGRESS, cases[0])
    resolved = by_state.get(pb.CASE_STATE_RESOLVED, cases[0])
    hotline = next((c for c in cases if c.kind == pb.CASE_KIND_HOTLINE), reported)
    department = next(u.id for u in tree.units if u.type == pb.UNIT_TYPE_DEPARTMENT)
    photo = b"\xff\xd8\xff\xe0gridcase-seed"
    H = lambda c, rid, **kw: pb.ActionHeader(request_id=rid, case_id=c.id, **kw)  # noqa: E731
    create = pb.CreateCaseRequest(
        request_id="seed-create-1", kind=pb.CASE_KIND_INCIDENT, category_code="INC.FAC.STREETLIGHT",
        channel=pb.CHANNEL_PATROL, title="路灯不亮", description="河畔路口两盏路灯夜间不亮",
        location=pb.Location(unit_id=grid, address="河畔路"),
        parties=[pb.CaseParty(name="李振华", phone="13912345678", role=pb.PARTY_ROLE_REPORTER)],
        priority=pb.PRIORITY_NORMAL)
    out = {
        "login": dict(login=pb.LoginRequest(username="grid1", password="demo12345")),
        "login_bad_password": dict(login=pb.LoginRequest(username="grid1", password="wrong")),
        "resume_bad_token": dict(resume=pb.ResumeRequest(token="nope")),
        "org_tree": dict(get_org_tree=pb.GetOrgTreeRequest(root_unit_id=community)),
        "categories": dict(list_categories=pb.ListCategoriesRequest(kind=pb.CASE_KIND_HOTLINE)),
        "create_case": dict(create_case=create),
        "create_case_dispute": dict(create_case=pb.CreateCaseRequest(
            request_id="seed-create-2", kind=pb.CASE_KIND_DISPUTE, category_code="DSP.PROPERTY.FEE",
            channel=pb.CHANNEL_WALK_IN, title="邻里噪音", location=pb.Location(unit_id=grid),
            priority=pb.PRIORITY_HIGH, complained_unit_id=community)),
        "list_cases": dict(list_cases=pb.ListCasesRequest(
            kinds=[pb.CASE_KIND_INCIDENT], states=[pb.CASE_STATE_REPORTED], page_size=5)),
        "list_cases_text": dict(list_cases=pb.ListCasesRequest(text="路灯", unit_id=grid)),
        "get_case": dict(get_case=pb.GetCaseRequest(case_id=reported.id)),
        "get_case_number": dict(get_case=pb.GetCaseRequest(number=reported.number)),
        "reveal_party": dict(reveal_party=pb.RevealPartyRequest(case_id=reported.id, reason="回访")),
        "accept": dict(accept_case=pb.AcceptCaseRequest(header=H(reported, "seed-accept", expected_version=reported.version))),
        "reject": dict(reject_case=pb.RejectCaseRequest(header=H(reported, "seed-reject", reason="不属于受理范围"))),
        "dispatch": dict(dispatch_case=pb.DispatchCaseRequest(header=H(accepted, "seed-dispatch"), unit_id=grid)),
        "return": dict(return_case=pb.ReturnCaseRequest(header=H(progress, "seed-return", reason="非本单位职责"))),
        "escalate": dict(escalate_case=pb.EscalateCaseRequest(
            header=H(progress, "seed-escalate", reason="风险"), escalation_reason=pb.ESCALATION_REASON_RISK,
            police_notified=True)),
        "resolve": dict(resolve_case=pb.ResolveCaseRequest(header=H(progress, "seed-resolve"), outcome=pb.OUTCOME_AGREEMENT)),
        "close": dict(close_case=pb.CloseCaseRequest(header=H(resolved, "seed-close"))),
        "reopen": dict(reopen_case=pb.ReopenCaseRequest(header=H(resolved, "seed-reopen", reason="不满意"))),
        "suspend": dict(suspend_case=pb.SuspendCaseRequest(header=H(progress, "seed-suspend", reason="等待鉴定"))),
        "resume_case": dict(resume_case=pb.ResumeCaseRequest(header=H(progress, "seed-resume"))),
        "merge": dict(merge_case=pb.MergeCaseRequest(header=H(reported, "seed-merge"), into_case_id=accepted.id)),
        "comment": dict(comment_case=pb.CommentCaseRequest(header=H(accepted, "seed-comment", reason="已上门"))),
        "urge": dict(urge_case=pb.UrgeCaseRequest(header=H(progress, "seed-urge", reason="尽快"), target_at=1773800000000)),
        "assign_leader": dict(assign_leader=pb.AssignLeaderRequest(header=H(progress, "seed-lead"), leader_user_id=2)),
        "request_extension": dict(request_extension=pb.RequestExtensionRequest(
            header=H(progress, "seed-ext", reason="等配件"), clock=pb.CLOCK_KIND_RESOLVE, amount=2)),
        "decide_extension": dict(decide_extension=pb.DecideExtensionRequest(header=H(progress, "seed-decide"), approve=True)),
        "subscribe_new": dict(subscribe=pb.SubscribeRequest()),
        "subscribe_replay": dict(subscribe=pb.SubscribeRequest(unit_id=community, kinds=[pb.CASE_KIND_DISPUTE], from_seq=1)),
        "unsubscribe": dict(unsubscribe=pb.UnsubscribeRequest(subscription_id=1)),
        "board": dict(get_board=pb.GetBoardRequest(unit_id=community, limit=10)),
        "policies": dict(list_policies=pb.ListPoliciesRequest()),
        "set_policy": dict(set_policy=pb.SetPolicyRequest(policy=pb.DeadlinePolicy(
            kind=pb.CASE_KIND_HAZARD, clocks=[pb.ClockPolicy(kind=pb.CLOCK_KIND_RESOLVE, amount=3,
                                                            unit=pb.BUDGET_UNIT_WORKING_DAYS, warn_percent=75,
                                                            on_expiry=pb.EXPIRY_ACTION_ESCALATE)]))),
        "calendar": dict(get_calendar=pb.GetCalendarRequest()),
        "set_calendar": dict(set_calendar_year=pb.SetCalendarYearRequest(text="year 2027\nholiday 2027-01-01\n")),
        "audit": dict(list_audit=pb.ListAuditRequest(page_size=5)),
        "list_users": dict(list_users=pb.ListUsersRequest()),
        "create_user": dict(create_user=pb.CreateUserRequest(
            request_id="seed-user", username="fuzz", password="longenough1", role=pb.ROLE_GRID_WORKER,
            scope_unit_id=grid)),
        "create_unit": dict(create_org_unit=pb.CreateOrgUnitRequest(
            request_id="seed-unit", parent_id=community, type=pb.UNIT_TYPE_GRID, code="fz", name="测试网格")),
        "logout": dict(logout=pb.LogoutRequest()),
        # Mediation of disputes.
        "assign_mediation": dict(assign_mediation=pb.AssignMediationRequest(
            header=H(accepted, "seed-mediation"), committee_unit_id=community, mediator_user_ids=[3])),
        "record_consent": dict(record_consent=pb.RecordConsentRequest(
            header=H(accepted, "seed-consent"), party_index=0, consent=pb.CONSENT_REFUSED,
            referral=pb.REFERRAL_ROUTE_COURT)),
        "record_session": dict(record_session=pb.RecordSessionRequest(
            header=H(progress, "seed-session"), session=pb.MediationSession(
                kind=pb.SESSION_KIND_MEDIATION, at=1773800000000, place="社区调解室",
                attendees=["王某", "李某"], record="双方同意分摊维修费用"))),
        "draft_agreement": dict(draft_agreement=pb.DraftAgreementRequest(
            header=H(progress, "seed-draft"), agreement=pb.Agreement())),
        "sign_agreement": dict(sign_agreement=pb.SignAgreementRequest(
            header=H(progress, "seed-sign"), party_index=1, mark=pb.SIGN_MARK_THUMBPRINT)),
        "follow_up": dict(follow_up=pb.FollowUpRequest(header=H(resolved, "seed-follow", reason="已履行"), performed=True)),
        "refer_case": dict(refer_case=pb.ReferCaseRequest(
            header=H(progress, "seed-refer", reason="调解不成"), referral=pb.REFERRAL_ROUTE_ARBITRATION)),
        "dossier": dict(get_dossier=pb.GetDossierRequest(case_id=resolved.id)),
        # Petitions.
        "decide_petition": dict(decide_petition=pb.DecidePetitionRequest(
            header=H(progress, "seed-petition"), decision=pb.PETITION_DECISION_EXPLAIN, basis="第三十二条")),
        "request_review": dict(request_review=pb.RequestReviewRequest(header=H(resolved, "seed-review", reason="不服"))),
        "decide_review": dict(decide_review=pb.DecideReviewRequest(
            header=H(progress, "seed-review-2"), decision=pb.PETITION_DECISION_SUPPORT, basis="第三十五条")),
        "request_re_review": dict(request_re_review=pb.RequestReReviewRequest(header=H(resolved, "seed-rr", reason="仍不服"))),
        "decide_re_review": dict(decide_re_review=pb.DecideReReviewRequest(
            header=H(progress, "seed-rr-2"), decision=pb.PETITION_DECISION_NOT_SUPPORT, basis="第三十五条")),
        "check_petition": dict(check_petition=pb.CheckPetitionRequest(case_id=reported.id)),
        "find_person": dict(find_person_cases=pb.FindPersonCasesRequest(id_number="110109199003071234", reason="核查重复信访")),
        # Figures, rankings and their drill-down.
        "figures": dict(get_figures=pb.GetFiguresRequest(
            unit_id=community, to="2027-01-01", **{"from": "2026-01-01"}, period=pb.PERIOD_MONTH,
            by_child_unit=True, by_kind=True, category="DSP")),
        "ranking": dict(get_ranking=pb.GetRankingRequest(
            unit_id=community, weights="closure=0.5,on_time=0.5", set_bands=True, green_min=80, yellow_min=60)),
        "figure_cases": dict(list_figure_cases=pb.ListFigureCasesRequest(
            unit_id=community, figure="closed_on_time", page_size=10)),
        "bad_enum_mediation": dict(record_consent=pb.RecordConsentRequest(header=H(accepted, "seed-bad-5"), consent=9, referral=-2)),
        "bad_enum_petition": dict(decide_petition=pb.DecidePetitionRequest(header=H(progress, "seed-bad-6"), decision=31)),
        "bad_figures": dict(get_figures=pb.GetFiguresRequest(period=77, kind=-1, **{"from": "2026-02-30"})),
        "bad_ranking": dict(get_ranking=pb.GetRankingRequest(weights="closure=-1,nope=x", set_bands=True, green_min=-5)),
        # Values no enum has: the server must refuse them, not trust them.
        "bad_enum_create": dict(create_case=pb.CreateCaseRequest(
            request_id="seed-bad-1", kind=99, channel=-3, priority=42, title="x",
            location=pb.Location(unit_id=grid), parties=[pb.CaseParty(name="x", role=77)])),
        "bad_enum_resolve": dict(resolve_case=pb.ResolveCaseRequest(header=H(progress, "seed-bad-2"), outcome=123)),
        "bad_enum_escalate": dict(escalate_case=pb.EscalateCaseRequest(header=H(progress, "seed-bad-3"), escalation_reason=-1)),
        "bad_enum_list": dict(list_cases=pb.ListCasesRequest(kinds=[1000], states=[-5], level=9, page_size=-1)),
        "bad_enum_subscribe": dict(subscribe=pb.SubscribeRequest(kinds=[55], from_seq=-7)),
        "bad_enum_extension": dict(request_extension=pb.RequestExtensionRequest(header=H(progress, "seed-bad-4"), clock=88, amount=-1)),
        # 12345 orders.
        "hotline_order": dict(create_case=pb.CreateCaseRequest(
            request_id="seed-order", kind=pb.CASE_KIND_HOTLINE, category_code="HOT.URBAN.NOISE",
            channel=pb.CHANNEL_HOTLINE, title="夜间施工噪音", location=pb.Location(unit_id=grid),
            parties=[pb.CaseParty(name="赵女士", phone="13700001111", role=pb.PARTY_ROLE_REPORTER)],
            hotline=pb.HotlineIntake(order_no="2026031600001", deadline_class=pb.HOTLINE_DEADLINE_CLASS_NORMAL,
                                     dispatched_at=1773620000000))),
        "sign_order": dict(sign_order=pb.SignOrderRequest(header=H(hotline, "seed-sign-order"))),
        "first_contact": dict(first_contact=pb.FirstContactRequest(
            header=H(hotline, "seed-contact"), method=pb.HOTLINE_CONTACT_METHOD_PHONE, result="已电话联系")),
        "return_order": dict(return_order=pb.ReturnOrderRequest(header=H(hotline, "seed-return-order", reason="非本辖区"))),
        "decide_return": dict(decide_return=pb.DecideReturnRequest(header=H(hotline, "seed-decide-return"), uphold=True)),
        "reply_order": dict(reply_order=pb.ReplyOrderRequest(header=H(hotline, "seed-reply", reason="已协调停工"))),
        "record_callback": dict(record_callback=pb.RecordCallbackRequest(
            header=H(hotline, "seed-callback"), solved=True, satisfied=False)),
        "appeal_rating": dict(appeal_rating=pb.AppealRatingRequest(header=H(hotline, "seed-appeal", reason="诉求不合理"))),
        "decide_appeal": dict(decide_appeal=pb.DecideAppealRequest(header=H(hotline, "seed-decide-appeal"), uphold=True)),
        "bad_enum_hotline": dict(create_case=pb.CreateCaseRequest(
            request_id="seed-bad-7", kind=pb.CASE_KIND_HOTLINE, title="x", location=pb.Location(unit_id=grid),
            hotline=pb.HotlineIntake(order_no="1 2", deadline_class=66, dispatched_at=-1))),
        "bad_enum_contact": dict(first_contact=pb.FirstContactRequest(header=H(hotline, "seed-bad-8"), method=-4)),
        # Hazards and inspections.
        "record_inspection": dict(record_inspection=pb.RecordInspectionRequest(
            request_id="seed-inspection", site_unit_id=grid, site="河畔路菜市场", note="节前检查",
            findings=[pb.Finding(description="消防通道堆放杂物", hazard=True, category_code="HAZ.FIRE.PASSAGE",
                                 severity=pb.HAZARD_SEVERITY_MAJOR, deadline_days=3,
                                 responsible=pb.ResponsibleParty(kind=pb.RESPONSIBLE_KIND_BUSINESS,
                                                                 name="河畔超市", contact="13600002222")),
                      pb.Finding(description="灭火器在有效期内")])),
        "report_rectification": dict(report_rectification=pb.ReportRectificationRequest(
            header=H(progress, "seed-rectify", reason="已清理"), evidence=["attachment:1"])),
        "reinspect": dict(reinspect=pb.ReinspectRequest(header=H(progress, "seed-reinspect", reason="仍有堆放"),
                                                        passed=False, deadline_days=2)),
        "inspection_plan": dict(create_inspection_plan=pb.CreateInspectionPlanRequest(
            request_id="seed-plan", site_unit_id=grid, site="河畔路菜市场", period_days=30)),
        "inspection_plans": dict(list_inspection_plans=pb.ListInspectionPlansRequest(unit_id=community)),
        "inspections": dict(list_inspections=pb.ListInspectionsRequest(unit_id=community)),
        "run_due_plans": dict(run_due_plans=pb.RunDuePlansRequest()),
        "bad_enum_inspection": dict(record_inspection=pb.RecordInspectionRequest(
            request_id="seed-bad-9", site_unit_id=grid,
            findings=[pb.Finding(hazard=True, severity=42, deadline_days=-3,
                                 responsible=pb.ResponsibleParty(kind=17))])),
        # 吹哨报到.
        "whistle": dict(whistle=pb.WhistleRequest(
            header=H(progress, "seed-whistle"), department_unit_ids=[department], report_by=1773900000000)),
        "check_in": dict(check_in=pb.CheckInRequest(header=H(progress, "seed-check-in", reason="已到场"),
                                                    department_unit_id=department)),
        "rate_department": dict(rate_department=pb.RateDepartmentRequest(
            header=H(progress, "seed-rate", reason="响应及时"), department_unit_id=department, rating=5)),
        "bad_whistle": dict(whistle=pb.WhistleRequest(
            header=H(progress, "seed-bad-10"), department_unit_ids=[department, department, -1], report_by=-5)),
        # One matter, many sources.
        "duplicates": dict(find_duplicates=pb.FindDuplicatesRequest(case_id=reported.id, limit=5)),
        "duplicates_draft": dict(find_duplicates=pb.FindDuplicatesRequest(
            kind=pb.CASE_KIND_PETITION, id_numbers=["110109199003071234"], matter="拆迁补偿", limit=500)),
        "link": dict(link_cases=pb.LinkCasesRequest(header=H(reported, "seed-link", reason="同一楼道"),
                                                    other_case_id=accepted.id)),
        "unlink": dict(unlink_cases=pb.LinkCasesRequest(header=H(reported, "seed-unlink"), other_case_id=accepted.id)),
        "unmerge": dict(unmerge_case=pb.UnmergeCaseRequest(header=H(reported, "seed-unmerge"))),
        "related": dict(get_related_cases=pb.GetRelatedCasesRequest(case_id=reported.id)),
        # Evidence.
        "begin_upload": dict(begin_upload=pb.BeginUploadRequest(
            request_id="seed-upload", case_id=progress.id, size=len(photo), media_type="image/jpeg",
            sha256=hashlib.sha256(photo).hexdigest(), file_name="现场.jpg", has_coordinates=True,
            lat=31.23, lon=121.47, captured_at=1773620000000)),
        "upload_chunk": dict(upload_chunk=pb.UploadChunkRequest(upload_id="1", offset=0, data=photo)),
        "finish_upload": dict(finish_upload=pb.FinishUploadRequest(upload_id="1")),
        "abort_upload": dict(abort_upload=pb.AbortUploadRequest(upload_id="1")),
        "attachments": dict(list_attachments=pb.ListAttachmentsRequest(case_id=progress.id)),
        "read_attachment": dict(read_attachment=pb.ReadAttachmentRequest(attachment_id=1, offset=0, max_bytes=8)),
        "category_evidence": dict(set_category_evidence=pb.SetCategoryEvidenceRequest(
            category_code="INC.FAC.STREETLIGHT", required=True)),
        "bad_upload": dict(begin_upload=pb.BeginUploadRequest(
            request_id="seed-bad-11", case_id=progress.id, size=-1, media_type="text/html",
            sha256="zz", has_coordinates=True, lat=91, lon=-181, captured_at=-1)),
        "bad_page_token": dict(list_cases=pb.ListCasesRequest(page_token="\x00garbage")),
        "no_request": {},
    }
    return out


def main():
    with tempfile.TemporaryDirectory(prefix="gridcase-corpus-") as tmp:
        db = os.path.join(tmp, "g.db")
        subprocess.run([ARGS.admin, "--db", db, "init", "--demo"], check=True, capture_output=True)
        proc = subprocess.Popen([ARGS.server, "--db", db, "--listen", "127.0.0.1:0"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            m = re.search(r"(ws://\S+/ws)", proc.stdout.readline())
            tree, cases = asyncio.run(demo_ids(m.group(1)))
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=15)
    os.makedirs(ARGS.out, exist_ok=True)
    for i, (name, req) in enumerate(sorted(frames(tree, cases).items()), start=1):
        data = pb.ClientFrame(call_id=i, **req).SerializeToString()
        with open(os.path.join(ARGS.out, f"{name}.bin"), "wb") as f:
            f.write(data)
    # Not a ClientFrame at all.
    with open(os.path.join(ARGS.out, "malformed.bin"), "wb") as f:
        f.write(b"\x0a\xff\xff\xff\xff\x0f\x52\x03abc")
    print(f"wrote {len(os.listdir(ARGS.out))} files to {ARGS.out}")


if __name__ == "__main__":
    main()

// 调解工作台 for mediators (tablet or desk): the disputes with their clocks, and a workspace per
// dispute: taking it on (the committee and one or more of its mediators), each party's consent,
// the session records, the agreement with the fields 人民调解法 art. 29 asks for and its
// signatures, follow-up and referral, an agreement not performed (协议未履行: mediated again or
// referred), the dossier (卷宗) as a print preview (the masked working copy, or the archive copy
// in full with a reason), and a party's full data revealed with a reason (the server audits it).
// Every step is sent at once (a desk is online); the server's answer, or its refusal, is shown
// beside the step.
import { h, clear, field, select } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId, ApiError } from "../api.js";
import { deadlineChip, deadlineText, historyList } from "./common.js";

const PARTY_DISPUTE_ROLES = [1, 2]; // applicants and respondents consent and sign
const ROUTES = [[1, "route_arbitration"], [2, "route_administrative"], [3, "route_court"]];
const MARKS = [[1, "mark_signature"], [2, "mark_seal"], [3, "mark_thumbprint"]];
const ROLE_MEDIATOR = 2;
const UNIT_MEDIATION_COMMITTEE = 6;
const ACTION_AGREEMENT_NOT_PERFORMED = 33;
// The roles that may see personal data (core/src/access.cpp, kSeePersonalData): they may print
// the archive copy of the dossier. The server checks it again.
const PERSONAL_DATA_ROLES = [2, 3, 4, 5]; // mediator, handler, intake clerk, supervisor

export function disputesPage(app) {
  const list = h("div", {}, h("p", {}, "…"));
  const el = h("div", { class: "page" }, h("h1", {}, t("disputes_title")), list);
  (async () => {
    if (!app.api.online) return clear(list, h("p", { class: "form-error" }, t("error_offline")));
    const cases = (await app.api.call("listCases", { kinds: [1], states: [1, 2, 3, 4, 8], order: 2, pageSize: 200 })).value.cases;
    clear(
      list,
      cases.length
        ? h("ul", { class: "cases" }, cases.map((c) => h("li", {}, h("a", { href: `#/mediation/${c.id}`, class: "case-row" }, h("span", { class: "case-title" }, c.title), h("span", { class: "case-meta" }, deadlineChip(c), ` ${c.number} · ${enumName("state", c.state)} · ${deadlineText(c)}`)))))
        : h("p", {}, t("disputes_none")),
    );
  })();
  return { el };
}

export function mediationPage(app, idText) {
  const id = /^\d{1,18}$/.test(idText) ? BigInt(idText) : 0n;
  const el = h("div", { class: "page mediation" }, h("h1", {}, t("mediation_title")));
  const note = h("p", { class: "done-note", role: "status", "aria-live": "polite" });

  // Sends one step; on success redraws the workspace from the answer.
  async function step(frame, fields, reason, errorEl, what) {
    errorEl.textContent = "";
    try {
      const current = kase;
      await app.api.call(frame, { header: { requestId: newRequestId(), caseId: id, expectedVersion: current.version, reason: reason ?? "" }, ...fields });
      note.textContent = t("done_ok", { what });
      await load();
    } catch (e) {
      errorEl.textContent = e instanceof ApiError ? e.message : t("error_offline");
    }
  }

  let kase = null;
  let units = null; // the org tree's units, by id: committee names and parents
  async function unitsById() {
    if (units) return units;
    try {
      units = new Map((await app.api.call("getOrgTree", { allUnits: true })).value.units.map((u) => [String(u.id), u]));
    } catch {
      return new Map();
    }
    return units;
  }

  // The active mediators of a committee: people of the committee or of its community (the
  // server's rule, core/src/dispute_rules.cpp), as far as the caller's scope lists them.
  async function committeeMediators(committeeId) {
    const parent = (await unitsById()).get(String(committeeId))?.parentId;
    for (const unitId of [parent, committeeId]) {
      if (!unitId) continue;
      try {
        const users = (await app.api.call("listUsers", { unitId: BigInt(unitId) })).value.users;
        return users.filter((u) => u.role === ROLE_MEDIATOR && !u.disabled);
      } catch {
        // Not within the caller's scope: try the committee itself.
      }
    }
    return [];
  }

  async function load() {
    if (!app.api.online || id === 0n) {
      clear(el, h("h1", {}, t("mediation_title")), h("p", { class: "form-error" }, app.api.online ? t("case_not_found") : t("error_offline")));
      return;
    }
    let detail;
    try {
      detail = (await app.api.call("getCase", { caseId: id })).value;
    } catch {
      clear(el, h("h1", {}, t("mediation_title")), h("p", { class: "form-error", role: "alert" }, t("case_not_found")));
      return;
    }
    kase = detail.case;
    const m = kase.mediation;
    const me = app.api.user;
    const assigned = Boolean(m?.mediatorUserIds?.length);
    const tree = await unitsById();
    // The committee taking it on: the one named already (申请调解), the case's handling unit when
    // it is a committee, else the mediator's own.
    const handling = tree.get(String(kase.handlingUnitId));
    const committee = m?.committeeUnitId ? m.committeeUnitId : handling?.type === UNIT_MEDIATION_COMMITTEE ? handling.id : BigInt(me.scopeUnitId);
    const candidates = assigned ? [] : await committeeMediators(committee);
    const nameOf = (id) => detail.userNames?.[String(id)] ?? t("by_user", { id: String(id) });
    clear(
      el,
      h("h1", {}, `${t("mediation_title")}：${kase.title}`),
      h("p", { class: "case-meta" }, deadlineChip(kase), ` ${kase.number} · ${enumName("state", kase.state)} · ${deadlineText(kase)}`),
      assigned
        ? h(
            "p",
            { class: "mediators" },
            `${t("med_committee")}：${tree.get(String(m.committeeUnitId))?.name ?? `#${m.committeeUnitId}`} · ${t("med_mediators")}：`,
            h("span", { "data-mediators": "" }, m.mediatorUserIds.map(nameOf).join("、")),
          )
        : null,
      note,
      !assigned ? takeOn(me, committee, candidates) : null,
      partiesSection(m),
      m?.committeeUnitId ? sessionsSection(m) : null,
      m?.committeeUnitId ? agreementSection(m) : null,
      m?.committeeUnitId ? followSection(m) : null,
      m?.committeeUnitId ? notPerformedSection(m, detail.actionsNow ?? [], nameOf) : null,
      dossierSection(me),
      h("section", { "aria-labelledby": "mh-h" }, h("h2", { id: "mh-h" }, t("history")), historyList(detail.history, me, detail.userNames)),
    );
  }

  // 指派调解员: one or more mediators of the committee (the user themself ticked first).
  function takeOn(me, committee, candidates) {
    const err = h("p", { class: "form-error", role: "alert" });
    const people = [...candidates];
    if (me.role === ROLE_MEDIATOR && !people.some((u) => Number(u.id) === me.id)) people.unshift({ id: BigInt(me.id), displayName: me.displayName });
    const boxes = people.map((u) => ({ id: BigInt(u.id), box: h("input", { type: "checkbox", id: `mediator-${u.id}`, checked: Number(u.id) === me.id }), name: u.displayName }));
    const pickError = h("p", { class: "field-error", id: "mediators-error", role: "alert" });
    return h(
      "section",
      { "aria-labelledby": "take-h" },
      h("h2", { id: "take-h" }, t("mediation_take")),
      h("p", { class: "hint" }, t("mediation_take_hint")),
      h(
        "fieldset",
        { class: "mediator-pick", "aria-describedby": "mediators-error" },
        h("legend", {}, t("med_pick")),
        boxes.length ? boxes.map(({ box, name }) => h("div", { class: "field checkbox" }, box, h("label", { for: box.id }, name))) : h("p", {}, t("med_pick_none_found")),
        pickError,
      ),
      h(
        "button",
        {
          type: "button",
          class: "primary",
          onclick: () => {
            const chosen = boxes.filter((b) => b.box.checked).map((b) => b.id);
            pickError.textContent = chosen.length ? "" : t("med_pick_empty");
            if (chosen.length) step("assignMediation", { committeeUnitId: BigInt(committee), mediatorUserIds: chosen, chosenByParties: false }, "", err, t("mediation_take"));
          },
        },
        t("mediation_take"),
      ),
      err,
    );
  }

  function partiesSection(m) {
    return h(
      "section",
      { "aria-labelledby": "parties-h" },
      h("h2", { id: "parties-h" }, t("step_parties")),
      h(
        "ul",
        { class: "parties" },
        kase.parties.map((p, i) => {
          const err = h("p", { class: "form-error", role: "alert" });
          const consent = m?.consents?.[i] ?? 0;
          const route = select(ROUTES.map(([v, k]) => [v, t(k)]), 3, { "aria-label": t("referral_route") });
          const revealReason = field({ label: t("reveal_reason"), control: h("input", { maxlength: 200 }) });
          const revealed = h("p", { class: "revealed" });
          const disputeParty = PARTY_DISPUTE_ROLES.includes(p.role);
          return h(
            "li",
            { class: "party-card", "data-party": String(i) },
            h("h3", {}, `${p.name}（${enumName("partyRole", p.role)}）`),
            h("p", {}, `${t("party_phone")}：${p.phone || "—"} · ${t("party_id")}：${p.idNumber || "—"}`),
            disputeParty && m?.committeeUnitId
              ? h(
                  "div",
                  { class: "step-buttons" },
                  h("span", { class: "status" }, t(consent === 1 ? "consent_agreed" : consent === 2 ? "consent_refused" : "consent_unknown")),
                  consent === 0 ? h("button", { type: "button", class: "primary", onclick: () => step("recordConsent", { partyIndex: i, consent: 1 }, "", err, `${p.name} ${t("consent_agree")}`) }, `${t("consent_agree")}：${p.name}`) : null,
                  consent === 0 ? route : null,
                  consent === 0 ? h("button", { type: "button", onclick: () => step("recordConsent", { partyIndex: i, consent: 2, referral: Number(route.value) }, "", err, `${p.name} ${t("consent_refuse")}`) }, `${t("consent_refuse")}：${p.name}`) : null,
                )
              : null,
            h(
              "details",
              { class: "reveal" },
              h("summary", {}, t("reveal")),
              revealReason.el,
              h(
                "button",
                {
                  type: "button",
                  onclick: async () => {
                    const reason = revealReason.control.value.trim();
                    revealReason.setError(reason ? null : t("need_reason"));
                    if (!reason) return;
                    try {
                      const party = (await app.api.call("revealParty", { caseId: id, partyIndex: i, reason })).value.party;
                      revealed.textContent = `${party.name} · ${party.phone} · ${party.idNumber}`;
                    } catch (e) {
                      revealed.textContent = e instanceof ApiError ? e.message : t("error_offline");
                    }
                  },
                },
                t("reveal_do"),
              ),
              revealed,
            ),
            err,
          );
        }),
      ),
    );
  }

  function sessionsSection(m) {
    const err = h("p", { class: "form-error", role: "alert" });
    const kind = field({ label: t("session_kind"), control: select([[2, t("session_mediation")], [1, t("session_investigation")]], 2) });
    const place = field({ label: t("session_place"), control: h("input", { maxlength: 100 }) });
    const attendees = field({ label: t("session_attendees"), hint: t("session_attendees_hint"), control: h("input", { maxlength: 300 }) });
    const record = field({ label: t("session_record"), control: h("textarea", { rows: 4, maxlength: 4000 }) });
    return h(
      "section",
      { "aria-labelledby": "sessions-h" },
      h("h2", { id: "sessions-h" }, t("sessions")),
      m.sessions.length ? h("ol", {}, m.sessions.map((s) => h("li", {}, `${formatTime(s.at)} ${s.kind === 1 ? t("session_investigation") : t("session_mediation")} · ${s.place} · ${s.attendees.join("、")}：${s.record}`))) : h("p", {}, t("sessions_none")),
      kase.state === 3
        ? h(
            "form",
            {
              class: "action",
              "aria-label": t("session_add"),
              novalidate: true,
              onsubmit: (e) => {
                e.preventDefault();
                const fields = [[place, place.control.value.trim()], [attendees, attendees.control.value.trim()], [record, record.control.value.trim()]];
                let ok = true;
                for (const [f, v] of fields) {
                  f.setError(v ? null : t("need_field"));
                  ok = ok && Boolean(v);
                }
                if (!ok) return;
                step("recordSession", { session: { kind: Number(kind.control.value), at: BigInt(Date.now()), place: fields[0][1], attendees: fields[1][1].split(/[,，、\s]+/).filter(Boolean), record: fields[2][1] } }, "", err, t("session_add"));
              },
            },
            kind.el,
            place.el,
            attendees.el,
            record.el,
            h("button", { type: "submit", class: "primary" }, t("session_add")),
            err,
          )
        : null,
    );
  }

  function agreementSection(m) {
    const a = m.agreement;
    const err = h("p", { class: "form-error", role: "alert" });
    const drafted = m.agreementDrafted;
    const signing = drafted && !a.effectiveAt;
    const parts = [h("h2", { id: "agr-h" }, t("agreement"))];
    if (drafted) {
      parts.push(
        h(
          "dl",
          { class: "summary" },
          [
            [t("agr_parties_info"), a.partiesInfo],
            [t("agr_facts"), a.facts],
            [t("agr_disputed"), a.disputedPoints],
            [t("agr_responsibilities"), a.responsibilities],
            [t("agr_terms"), a.terms.map((x) => `${x.content}（${x.performance}，${formatTime(x.dueAt)}前）`).join("；")],
            [t("agr_effective"), a.effectiveAt ? formatTime(a.effectiveAt) : t("agr_not_effective")],
          ].map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
        ),
      );
      if (signing) {
        parts.push(
          h("h3", {}, t("signatures")),
          h(
            "ul",
            { class: "signatures" },
            kase.parties.map((p, i) => {
              if (!PARTY_DISPUTE_ROLES.includes(p.role)) return null;
              const mark = a.partyMarks[i] ?? 0;
              return h(
                "li",
                {},
                `${p.name}：`,
                mark ? h("strong", {}, t(MARKS.find(([v]) => v === mark)?.[1] ?? "mark_signature")) : MARKS.map(([v, k]) => h("button", { type: "button", onclick: () => step("signAgreement", { partyIndex: i, mark: v }, "", err, `${p.name} ${t(k)}`) }, `${p.name} ${t(k)}`)),
              );
            }),
            h("li", {}, `${t("mediator_seal")}：`, a.mediatorSigned ? h("strong", {}, t("signed")) : h("button", { type: "button", class: "primary", onclick: () => step("signAgreement", { mediatorSignature: true }, "", err, t("mediator_sign")) }, t("mediator_sign"))),
          ),
        );
      }
    } else if (kase.state === 3) {
      const fields = {
        partiesInfo: field({ label: t("agr_parties_info"), control: h("textarea", { rows: 2 }) }),
        facts: field({ label: t("agr_facts"), control: h("textarea", { rows: 3 }) }),
        disputedPoints: field({ label: t("agr_disputed"), control: h("textarea", { rows: 2 }) }),
        responsibilities: field({ label: t("agr_responsibilities"), control: h("textarea", { rows: 2 }) }),
        content: field({ label: t("agr_term_content"), control: h("textarea", { rows: 2 }) }),
        performance: field({ label: t("agr_term_performance"), control: h("input", {}) }),
        dueAt: field({ label: t("agr_term_due"), control: h("input", { type: "date" }) }),
      };
      parts.push(
        h(
          "form",
          {
            class: "action",
            "aria-label": t("agreement_draft"),
            novalidate: true,
            onsubmit: (e) => {
              e.preventDefault();
              let ok = true;
              for (const f of Object.values(fields)) {
                const v = f.control.value.trim();
                f.setError(v ? null : t("need_field"));
                ok = ok && Boolean(v);
              }
              if (!ok) return;
              const v = (k) => fields[k].control.value.trim();
              step(
                "draftAgreement",
                {
                  agreement: {
                    partiesInfo: v("partiesInfo"),
                    facts: v("facts"),
                    disputedPoints: v("disputedPoints"),
                    responsibilities: v("responsibilities"),
                    terms: [{ content: v("content"), performance: v("performance"), dueAt: BigInt(Date.parse(v("dueAt") + "T00:00:00+08:00")) }],
                  },
                },
                "",
                err,
                t("agreement_draft"),
              );
            },
          },
          Object.values(fields).map((f) => f.el),
          h("button", { type: "submit", class: "primary" }, t("agreement_draft")),
        ),
      );
    }
    parts.push(err);
    return h("section", { "aria-labelledby": "agr-h" }, parts);
  }

  function followSection(m) {
    const err = h("p", { class: "form-error", role: "alert" });
    const noteField = field({ label: t("follow_note"), control: h("textarea", { rows: 2 }) });
    const performed = h("input", { type: "checkbox", id: "follow-performed", checked: true });
    const route = field({ label: t("referral_route"), control: select(ROUTES.map(([v, k]) => [v, t(k)]), 3) });
    const referReason = field({ label: t("refer_reason"), control: h("textarea", { rows: 2 }) });
    return h(
      "section",
      { "aria-labelledby": "follow-h" },
      h("h2", { id: "follow-h" }, t("follow_and_refer")),
      m.followUps.length ? h("ul", {}, m.followUps.map((f) => h("li", {}, `${formatTime(f.at)} ${f.performed ? t("follow_performed") : t("follow_not_performed")}：${f.note}`))) : null,
      kase.state === 4
        ? h(
            "form",
            {
              class: "action",
              "aria-label": t("follow_up"),
              novalidate: true,
              onsubmit: (e) => {
                e.preventDefault();
                const text = noteField.control.value.trim();
                noteField.setError(text ? null : t("need_reason"));
                if (text) step("followUp", { performed: performed.checked }, text, err, t("follow_up"));
              },
            },
            noteField.el,
            h("div", { class: "field checkbox" }, performed, h("label", { for: "follow-performed" }, t("follow_performed"))),
            h("button", { type: "submit", class: "primary" }, t("follow_up")),
          )
        : null,
      kase.state === 2 || kase.state === 3
        ? h(
            "form",
            {
              class: "action",
              "aria-label": t("refer"),
              novalidate: true,
              onsubmit: (e) => {
                e.preventDefault();
                const text = referReason.control.value.trim();
                referReason.setError(text ? null : t("need_reason"));
                if (text) step("referCase", { referral: Number(route.control.value) }, text, err, t("refer"));
              },
            },
            route.el,
            referReason.el,
            h("button", { type: "submit" }, t("refer")),
          )
        : null,
      err,
    );
  }

  // 协议未履行: the agreement of a closed dispute was not performed. It is mediated again (the
  // case reopens) or referred (a suit at court, say) with what was not performed; offered while
  // the server's actions_now says so. What was recorded before is listed.
  function notPerformedSection(m, actionsNow, nameOf) {
    const offered = actionsNow.includes(ACTION_AGREEMENT_NOT_PERFORMED);
    const done = m.notPerformed ?? [];
    if (!offered && !done.length) return null;
    const err = h("p", { class: "form-error", role: "alert" });
    const remediate = h("input", { type: "radio", name: "np-way", id: "np-remediate", checked: true });
    const refer = h("input", { type: "radio", name: "np-way", id: "np-refer" });
    const route = field({ label: t("referral_route"), control: select(ROUTES.map(([v, k]) => [v, t(k)]), 3) });
    const reason = field({ label: t("np_reason"), hint: t("np_reason_hint"), control: h("textarea", { rows: 2, maxlength: 1000 }) });
    route.el.hidden = true;
    const onWay = () => (route.el.hidden = !refer.checked);
    remediate.addEventListener("change", onWay);
    refer.addEventListener("change", onWay);
    const routeName = (v) => t(ROUTES.find(([r]) => r === v)?.[1] ?? "route_court");
    return h(
      "section",
      { "aria-labelledby": "np-h" },
      h("h2", { id: "np-h" }, t("np_title")),
      done.length
        ? h("ul", { class: "not-performed" }, done.map((np) => h("li", {}, `${formatTime(np.at)} ${np.remediate ? t("np_remediated") : t("np_referred", { route: routeName(np.referral) })}（${nameOf(np.byUserId)}）：${np.note}`)))
        : null,
      offered
        ? h(
            "form",
            {
              class: "action",
              "aria-label": t("np_title"),
              novalidate: true,
              onsubmit: (e) => {
                e.preventDefault();
                const text = reason.control.value.trim();
                reason.setError(text ? null : t("need_reason"));
                if (!text) return reason.control.focus();
                const again = remediate.checked;
                step("agreementNotPerformed", { remediate: again, referral: again ? 0 : Number(route.control.value) }, text, err, again ? t("np_remediate") : t("np_refer"));
              },
            },
            h(
              "fieldset",
              { class: "np-way" },
              h("legend", {}, t("np_way")),
              h("div", { class: "field checkbox" }, remediate, h("label", { for: "np-remediate" }, t("np_remediate"))),
              h("div", { class: "field checkbox" }, refer, h("label", { for: "np-refer" }, t("np_refer"))),
            ),
            route.el,
            reason.el,
            h("button", { type: "submit", class: "primary" }, t("np_do")),
          )
        : null,
      err,
    );
  }

  // The dossier: the working copy (parties masked, as everywhere) for anyone who sees the case;
  // the archive copy (卷宗归档本, parties in full) for the roles that may see personal data, with
  // a reason the server audits.
  function dossierSection(me) {
    const preview = h("div", { class: "dossier" });
    const shown = h("p", { class: "hint dossier-copy", role: "status" });
    const err = h("p", { class: "form-error", role: "alert" });
    const mayArchive = PERSONAL_DATA_ROLES.includes(me.role);
    const reason = mayArchive ? field({ label: t("dossier_archive_reason"), hint: t("dossier_archive_hint"), control: h("input", { maxlength: 200 }) }) : null;

    async function show(request, which) {
      try {
        const html = (await app.api.call("getDossier", request)).value.html;
        // The server's HTML, read as data: its text and structure only (no script, no
        // inline style or handler), shown under the page's own print styles.
        // Styles go before parsing: the page's CSP allows none inline, not even to parse.
        const plain = html.replace(/<style[\s\S]*?<\/style>/gi, "").replace(/\sstyle\s*=\s*("[^"]*"|'[^']*')/gi, "");
        const doc = new DOMParser().parseFromString(plain, "text/html");
        doc.querySelectorAll("script, style, link, iframe, object, embed").forEach((n) => n.remove());
        doc.querySelectorAll("*").forEach((n) => {
          for (const attr of [...n.attributes]) if (/^on|^style$/i.test(attr.name)) n.removeAttribute(attr.name);
        });
        clear(preview, ...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
        shown.textContent = which;
        err.textContent = "";
      } catch (e) {
        err.textContent = e instanceof ApiError ? e.message : t("error_offline");
      }
    }

    return h(
      "section",
      { "aria-labelledby": "dossier-h", class: "dossier-section" },
      h("h2", { id: "dossier-h" }, t("dossier")),
      h("p", { class: "hint" }, t("dossier_working_hint")),
      h(
        "div",
        { class: "step-buttons" },
        h("button", { type: "button", onclick: () => show({ caseId: id }, t("dossier_working_shown")) }, t("dossier_open")),
        h("button", { type: "button", onclick: () => window.print() }, t("dossier_print")),
      ),
      mayArchive
        ? h(
            "form",
            {
              class: "action dossier-archive",
              "aria-label": t("dossier_archive"),
              novalidate: true,
              onsubmit: (e) => {
                e.preventDefault();
                const text = reason.control.value.trim();
                reason.setError(text ? null : t("dossier_archive_need_reason"));
                if (!text) return reason.control.focus();
                show({ caseId: id, archive: true, reason: text }, t("dossier_archive_shown"));
              },
            },
            reason.el,
            h("button", { type: "submit" }, t("dossier_archive")),
          )
        : null,
      err,
      shown,
      preview,
    );
  }

  load();
  return { el };
}

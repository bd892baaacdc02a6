// 调解工作台 for mediators (tablet or desk): the disputes with their clocks, and a workspace per
// dispute: taking it on (the committee and mediator), each party's consent, the session
// records, the agreement with the fields 人民调解法 art. 29 asks for and its signatures,
// follow-up and referral, the dossier (卷宗) as a print preview, and a party's full data
// revealed with a reason (the server audits it). Every step is sent at once (a desk is online);
// the server's answer, or its refusal, is shown beside the step.
import { h, clear, field, select } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId, ApiError } from "../api.js";
import { deadlineChip, deadlineText, historyList } from "./common.js";

const PARTY_DISPUTE_ROLES = [1, 2]; // applicants and respondents consent and sign
const ROUTES = [[1, "route_arbitration"], [2, "route_administrative"], [3, "route_court"]];
const MARKS = [[1, "mark_signature"], [2, "mark_seal"], [3, "mark_thumbprint"]];

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
    clear(
      el,
      h("h1", {}, `${t("mediation_title")}：${kase.title}`),
      h("p", { class: "case-meta" }, deadlineChip(kase), ` ${kase.number} · ${enumName("state", kase.state)} · ${deadlineText(kase)}`),
      note,
      !m || !m.committeeUnitId ? takeOn(me) : null,
      partiesSection(m),
      m?.committeeUnitId ? sessionsSection(m) : null,
      m?.committeeUnitId ? agreementSection(m) : null,
      m?.committeeUnitId ? followSection(m) : null,
      dossierSection(),
      h("section", { "aria-labelledby": "mh-h" }, h("h2", { id: "mh-h" }, t("history")), historyList(detail.history, me)),
    );
  }

  function takeOn(me) {
    const err = h("p", { class: "form-error", role: "alert" });
    return h(
      "section",
      { "aria-labelledby": "take-h" },
      h("h2", { id: "take-h" }, t("mediation_take")),
      h("p", { class: "hint" }, t("mediation_take_hint")),
      h("button", { type: "button", class: "primary", onclick: () => step("assignMediation", { committeeUnitId: BigInt(me.scopeUnitId), mediatorUserIds: [BigInt(me.id)], chosenByParties: false }, "", err, t("mediation_take")) }, t("mediation_take")),
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

  function dossierSection() {
    const preview = h("div", { class: "dossier" });
    const err = h("p", { class: "form-error", role: "alert" });
    return h(
      "section",
      { "aria-labelledby": "dossier-h", class: "dossier-section" },
      h("h2", { id: "dossier-h" }, t("dossier")),
      h(
        "div",
        { class: "step-buttons" },
        h(
          "button",
          {
            type: "button",
            onclick: async () => {
              try {
                const html = (await app.api.call("getDossier", { caseId: id })).value.html;
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
                err.textContent = "";
              } catch (e) {
                err.textContent = e instanceof ApiError ? e.message : t("error_offline");
              }
            },
          },
          t("dossier_open"),
        ),
        h("button", { type: "button", onclick: () => window.print() }, t("dossier_print")),
      ),
      err,
      preview,
    );
  }

  load();
  return { el };
}

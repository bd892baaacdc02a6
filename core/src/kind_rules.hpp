// The rules of each case kind behind one interface, one file per kind (issue 15): what a kind
// checks, stores and fingerprints at intake, and what it checks, fingerprints and applies at
// each step. Internal to the core; the engine reaches them through the dispatch functions of
// case_rules.hpp, which call the registry below.
//
//   dispute_rules.cpp    矛盾纠纷: people's mediation (人民调解法)
//   petition_rules.cpp   信访: acceptance, written decisions, the review chain (信访工作条例)
//   hotline_rules.cpp    12345 hotline orders: sign-for, first contact, return, reply, callback
//   hazard_rules.cpp     安全隐患: rectification and re-inspection (销号)
//   incident_rules.cpp   事件, and any kind without rules of its own: adds nothing
//   whistle_rules.cpp    吹哨报到: the steps every kind shares
//
// The files hold pure rules: they read and change the case, its event and the next state in
// their StepContext, and read the store only through its WriteView (users, a person's other
// cases); they never call the engine.
//
// Why two interfaces: the whistle steps belong to no kind. They have no intake and no kind of
// their own, and they apply to a case whatever its kind, so they are StepRules, the half of the
// interface kinds and shared steps have in common, rather than a KindRules with a made-up kind.
#pragma once

#include <string>
#include <vector>

#include "case_rules.hpp"

namespace gridcase::rules {

// The rules of a set of steps (actions). Objects are immutable and shared: thread-safe.
class StepRules {
 public:
  virtual ~StepRules() = default;

  // True for the actions these rules define (for a kind: its rows of the action table).
  virtual bool owns_step(Action a) const = 0;

  // Validation of a command's content, before its case is read (pure). Called for every
  // command, whatever its action: OK for the actions these rules say nothing about; otherwise
  // INVALID_ARGUMENT (MISSING_FIELD, INVALID_ENUM_VALUE, ...) naming the field.
  virtual Status check_step(const CaseCommand&) const { return {}; }

  // These rules' part of a command's fingerprint, canonically rendered; "" when the command
  // carries none of their content. Called for every command, whatever its action: the parts of
  // all rules are joined in a fixed order (case_rules.cpp), and stored fingerprints depend on
  // the rendering byte for byte.
  virtual std::string canonical_step(const CaseCommand&) const { return ""; }

  // Checks the command against the stored case and applies its part of it, inside the write:
  // may change the case, the event's details and the next state in `s`. A failure aborts the
  // write. Called after the scope, role, version and lifecycle checks, before the generic part
  // of the action; for a kind, with every command on a case of that kind (its own steps and the
  // generic actions it has rules for: a dispute's ESCALATE, a petition's ACCEPT...).
  virtual Status apply_step(StepContext&) const { return {}; }
};

// The rules of one case kind: its steps, and its intake (the kind's fields of a new case).
class KindRules : public StepRules {
 public:
  // The kind these rules are for. The generic rules answer kIncident, whose rules they are, and
  // also stand in for any kind without rules of its own.
  virtual CaseKind kind() const = 0;

  // Before the deadline policy is matched, on a new case of this kind: may adjust the request
  // (an URGENT hotline order takes the URGENT priority's policies).
  virtual void prepare_intake(NewCase&) const {}

  // Validation (pure) of a new case of this kind: its intake fields. INVALID_ARGUMENT with the
  // kind's reason (MISSING_REQUESTER, PETITIONER_NOT_IDENTIFIED, ...) when they are wrong.
  virtual Status check_intake(const NewCase&) const { return {}; }

  // Validation (pure) of a new case of another kind: INVALID_ARGUMENT NOT_A_PETITION_INTAKE
  // (NOT_A_HOTLINE_ORDER_INTAKE, ...) when it carries this kind's intake fields; OK otherwise.
  virtual Status check_foreign_intake(const NewCase&) const { return {}; }

  // At creation, after the deadline policy's clocks are copied into `c` and before they start:
  // copies the intake into the case and adds or adjusts the kind's clocks.
  virtual void apply_intake(const NewCase&, Case&) const {}
  // When the clocks that start on CREATE start, for a case registered at `now`: then, unless
  // the kind's time began earlier elsewhere (a 12345 order: the centre's dispatch).
  virtual TimeMs clocks_start(const NewCase&, TimeMs now) const { return now; }

  // The kind's part of a new case's fingerprint; "" when the kind adds nothing (so that other
  // requests keep the fingerprints they were stored with).
  virtual std::string canonical_intake(const NewCase&) const { return ""; }
};

// The registry: the rules of `kind`. Every kind has rules; incidents and unknown kinds get the
// generic ones, which add nothing. The references live as long as the program.
const KindRules& kind_rules(CaseKind kind);

// The rules of the 吹哨报到 steps, which apply to cases of every kind.
const StepRules& whistle_rules();

// Each kind's rules (defined in the kind's file; kind_rules() is the one to call).
const KindRules& dispute_rules();
const KindRules& petition_rules();
const KindRules& hotline_rules();
const KindRules& hazard_rules();
const KindRules& generic_rules();

}  // namespace gridcase::rules

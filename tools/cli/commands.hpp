// The commands of `gridcase`. Each takes the words after its name, prints its result (as JSON
// with --json) and returns the exit code; failures are thrown (cli_error.hpp).
#pragma once

#include <string>
#include <vector>

#include "client.hpp"

namespace gridcase::cli {

using Words = std::vector<std::string>;

// session_commands.cpp
int login(Client& client, const Words& words);
int logout(Client& client, const Words& words);
int whoami(Client& client, const Words& words);
// `passwd [--old P --new P]`: the user changes their own password; without the options they are
// asked for (twice for the new one on a terminal; from stdin, the current then the new one on
// two lines). Every session of the user ends; the command logs in again with the new password.
int change_password(Client& client, const Words& words);
// A password read from the terminal without echo after `prompt`, or a line of stdin when it is
// not a terminal (scripts: `echo secret | gridcase login grid1`).
std::string read_secret(const char* prompt);
// A new password: read twice and compared on a terminal, once from stdin. Throws UsageError
// when it is empty or the two differ.
std::string read_new_password();

// org_commands.cpp
int org_tree(Client& client, const Words& words);
// `org move UNIT --parent PARENT` (admins): the unit and everything under it move.
int move_unit(Client& client, const Words& words);
int list_categories(Client& client, const Words& words);

// case_commands.cpp
int list_cases(Client& client, const Words& words);
int show_case(Client& client, const Words& words);
int create_case(Client& client, const Words& words);
// Phone and ID numbers come masked; `cases reveal ID --party N --reason R` shows one party in
// full (roles that may; audited).
int reveal_party(Client& client, const Words& words);
// `action` is the command word: accept, reject, dispatch, ..., lead.
int case_action(Client& client, const std::string& action, const Words& words);
// The command words case_action accepts.
const std::vector<std::string>& case_action_words();

// The id of a case named by id or number (XC-2026-000123); a party from "name,phone,id,ROLE".
std::int64_t case_id_of(Client& client, const std::string& text);
v1::CaseParty party_from_text(const std::string& text);

// mediation_commands.cpp: `mediation assign|consent|session|agreement|sign|follow-up|refer|
// risk|dossier` (disputes, people's mediation).
int mediation_command(Client& client, const std::string& verb, const Words& words);
// The mediation of a dispute, or the petition record, as `cases show` prints it.
void print_kind_details(Client& client, const v1::Case& c);
// What a case step did: the action, the state change, the version, the statutory clocks.
void print_case_step(Client& client, const v1::CaseResponse& r);
const std::vector<std::string>& mediation_words();

// petition_commands.cpp: `petition register|check|decide|decision|review|review-decision|
// re-review|re-review-decision|notices`.
int petition_command(Client& client, const std::string& verb, const Words& words);
const std::vector<std::string>& petition_words();

// hotline_commands.cpp: `hotline receive|sign|contact|return|decide-return|reply|callback|
// appeal|decide-appeal|show` (12345 hotline work orders).
int hotline_command(Client& client, const std::string& verb, const Words& words);
const std::vector<std::string>& hotline_words();
// evidence_commands.cpp: `cases duplicates|link|unlink|unmerge|related`, `attach`,
// `attachments`, `download`, `categories evidence` (the verb is the command word).
int evidence_command(Client& client, const std::string& verb, const Words& words);
// hazard_commands.cpp: `hazard inspect|rectify|reinspect|inspections|plan create|list|run-due`
// (安全隐患排查整改) and `whistle blow|checkin|rate|list` (吹哨报到).
int hazard_command(Client& client, const std::string& verb, const Words& words);
const std::vector<std::string>& hazard_words();
int whistle_command(Client& client, const std::string& verb, const Words& words);
const std::vector<std::string>& whistle_words();
// property_commands.cpp: `property companies|estates|add-estate|send|figures|ranking` (物业企业),
// `report property --company ID --month YYYY-MM --format html|csv` (监督评议月报) and `forums
// record|show|list|opinion-case|opinion-answer|figures` (群众恳谈会).
int property_command(Client& client, const std::string& verb, const Words& words);
const std::vector<std::string>& property_words();
int property_report(Client& client, const Words& words);
int forums_command(Client& client, const std::string& verb, const Words& words);
const std::vector<std::string>& forums_words();
// project_commands.cpp: `projects create|show|list|milestone|update|link|unlink|finish|figures`
// (民生项目).
int project_command(Client& client, const std::string& verb, const Words& words);
const std::vector<std::string>& project_words();
// A hazard's record and a case's whistle, as `cases show` prints them.
void print_hazard_details(Client& client, const v1::Case& c);
std::string label_of(v1::InspectionState v);
std::string label_of(v1::HazardSeverity v);

// warning_commands.cpp: `warnings list|show|ack|dismiss|link|case|policy|set-policy` (预警).
int warning_command(Client& client, const std::string& verb, const Words& words);
const std::vector<std::string>& warning_words();

// user_commands.cpp
int list_users(Client& client, const Words& words);
int create_user(Client& client, const Words& words);
// `users reset-password USER [--password P]` (admins; USER is an id or a username): every
// session of the user ends and they must change the password at their next login.
int reset_password(Client& client, const Words& words);
// `users disable|enable USER` (admins): a disabled user's sessions stop working at once and
// they cannot log in.
int set_user_disabled(Client& client, const Words& words, bool disabled);
// `users end-sessions USER` (admins): every session of the user ends.
int end_user_sessions(Client& client, const Words& words);

// deadline_commands.cpp
int board(Client& client, const Words& words);
int list_policies(Client& client, const Words& words);
int set_policy(Client& client, const Words& words);
int show_calendar(Client& client, const Words& words);
int set_calendar(Client& client, const Words& words);
int calendar_days(Client& client, const Words& words);
int calendar_due(Client& client, const Words& words);

// report_command.cpp: figures, ranking, cases FIGURE, summary, csv, html, definitions.
int report(Client& client, const Words& words);
int population(Client& client, const Words& words);

// watch_command.cpp
int watch(Client& client, const Words& words);
// One event as watch prints it, `actor` being the name of who did it. Deadline warnings,
// expiries and DEADLINE escalations are marked: 【临期预警】, 【超期】, 【超期自动上报】.
std::string describe_event(const v1::CaseEvent& e, const std::string& actor);

// A fresh idempotency key: 128 random bits in hex.
std::string new_request_id();

}  // namespace gridcase::cli

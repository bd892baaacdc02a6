// The three tables an action lives in agree: the core's action table (name, label, roles,
// steps), the server's frame table (which request carries it) and the CLI's verb table (what a
// person types). A new action that misses one of them fails here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>

#include "action_verbs.hpp"
#include "commands.hpp"
#include "gridcase/action_table.hpp"
#include "gridcase/names.hpp"
#include "gridcase/net/action_frames.hpp"

using namespace gridcase;
namespace cli = gridcase::cli;

namespace {

// True when `command` ("cases accept", "attach") is something the CLI dispatches.
bool cli_knows(const std::string& command) {
  std::istringstream in(command);
  std::string group, verb, extra;
  in >> group >> verb >> extra;
  if (!extra.empty()) return false;
  if (verb.empty()) return group == "attach";
  auto has = [&](const std::vector<std::string>& words) {
    return std::find(words.begin(), words.end(), verb) != words.end();
  };
  if (group == "cases") {
    // The case actions, and the calls of their own main.cpp routes under `cases`.
    return has(cli::case_action_words()) || has({"create", "link", "unlink", "unmerge"});
  }
  if (group == "mediation") return has(cli::mediation_words());
  if (group == "petition") return has(cli::petition_words());
  if (group == "hotline") return has(cli::hotline_words());
  if (group == "hazard") return has(cli::hazard_words());
  if (group == "whistle") return has(cli::whistle_words());
  if (group == "projects") return has(cli::project_words());
  return false;
}

bool is_ascii(const char* text) {
  for (const char* p = text; *p != '\0'; ++p) {
    if (static_cast<unsigned char>(*p) >= 0x80) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("every action has a wire name, a Chinese label, its roles, a frame and a CLI verb") {
  REQUIRE(action_table().size() > 40);
  for (const auto& spec : action_table()) {
    INFO(spec.name);
    // The name is the wire enum's, the label is Chinese and names.hpp reads both from the row.
    CHECK(v1::Action_Name(static_cast<v1::Action>(static_cast<int>(spec.action))) ==
          std::string("ACTION_") + spec.name);
    CHECK_FALSE(is_ascii(spec.label_zh));
    CHECK(std::string(name(spec.action)) == spec.name);
    CHECK(std::string(label_zh(spec.action)) == spec.label_zh);
    CHECK(parse_name<Action>(spec.name) == spec.action);

    const auto verb = cli::action_command(static_cast<v1::Action>(static_cast<int>(spec.action)));
    if (spec.source == ActionSource::kScheduler) {
      // Recorded by the deadline runner: nobody may send it, by any route.
      CHECK(spec.roles.empty());
      CHECK(spec.steps.empty());
      CHECK(net::action_frame(spec.action) == nullptr);
      CHECK(verb.empty());
      continue;
    }
    CHECK_FALSE(spec.roles.empty());
    // Supervisors may take every case action; admins none.
    CHECK(std::count(spec.roles.begin(), spec.roles.end(), Role::kSupervisor) == 1);
    CHECK(std::count(spec.roles.begin(), spec.roles.end(), Role::kAdmin) == 0);
    if (spec.source == ActionSource::kCommand) {
      CHECK(is_command(spec.action));
      CHECK_FALSE(spec.steps.empty());
      const net::ActionFrame* frame = net::action_frame(spec.action);
      REQUIRE(frame != nullptr);
      CHECK(net::action_frame(frame->request) == frame);
    } else {
      CHECK_FALSE(is_command(spec.action));
      CHECK(net::action_frame(spec.action) == nullptr);  // its call has a request of its own
    }
    REQUIRE_FALSE(verb.empty());
    CHECK(cli_knows(verb));
  }
}

TEST_CASE("the frame and verb tables name only actions of the action table, each once") {
  std::set<Action> framed;
  std::set<int> requests;
  for (const auto& f : net::action_frames()) {
    INFO(name(f.action));
    CHECK(is_command(f.action));
    CHECK(framed.insert(f.action).second);
    CHECK(requests.insert(f.request).second);
  }
  std::set<int> verbs;
  for (const auto& v : cli::action_verbs()) {
    INFO(v.command);
    CHECK(action_spec(static_cast<Action>(static_cast<int>(v.action))) != nullptr);
    CHECK(verbs.insert(v.action).second);
  }
}

TEST_CASE("every request that carries an action header is in the frame table") {
  // A new action request in the .proto without its row would never reach the engine. Links
  // and unmerging carry the header too, through calls of their own.
  const std::set<std::string> own_calls = {"link_cases", "unlink_cases", "unmerge_case"};
  const auto* frame = v1::ClientFrame::descriptor();
  const auto* header = v1::ActionHeader::descriptor();
  int with_header = 0;
  for (int i = 0; i < frame->field_count(); ++i) {
    const auto* field = frame->field(i);
    if (field->message_type() == nullptr) continue;
    const auto* h = field->message_type()->FindFieldByName("header");
    if (h == nullptr || h->message_type() != header || own_calls.count(field->name())) continue;
    ++with_header;
    INFO(field->name());
    CHECK(net::action_frame(static_cast<v1::ClientFrame::RequestCase>(field->number())) != nullptr);
  }
  CHECK(with_header == static_cast<int>(net::action_frames().size()));
}

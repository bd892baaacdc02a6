// org tree, org move, categories.
#include <functional>
#include <iostream>
#include <map>

#include "args.hpp"
#include "cli_error.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "output.hpp"

namespace gridcase::cli {

int move_unit(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"parent"}});
  args.expect_at_most(1);
  const auto unit = parse_int(args.require_positional(0, tr("单位ID", "UNIT_ID")));
  if (!unit || *unit <= 0) throw UsageError(tr("单位ID须为正整数", "UNIT_ID must be a positive number"));
  auto parent = args.integer("parent");
  if (!parent) throw UsageError(std::string(tr("缺少选项", "missing option")) + " --parent");
  v1::ClientFrame frame;
  frame.mutable_update_org_unit()->set_unit_id(*unit);
  frame.mutable_update_org_unit()->set_new_parent_id(*parent);
  v1::Reply reply = client.authed_call(std::move(frame));
  const v1::OrgUnit& u = reply.org_unit().unit();
  client.emit(reply.org_unit(), [&] {
    std::cout << tr("已将 ", "Moved ") << u.name() << " (#" << u.id() << tr(") 划归 ", ") under ")
              << client.unit_name(u.parent_id()) << " (#" << u.parent_id() << ")" << tr("。", ".") << '\n';
  });
  return kExitOk;
}

int org_tree(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"unit"}, {"retired", false}});
  args.expect_at_most(0);
  v1::ClientFrame frame;
  auto* req = frame.mutable_get_org_tree();
  req->set_root_unit_id(args.integer("unit").value_or(0));
  req->set_include_retired(args.has("retired"));
  v1::Reply reply = client.authed_call(std::move(frame));
  const v1::GetOrgTreeResponse& tree = reply.org_tree();

  client.emit(tree, [&] {
    std::map<std::int64_t, std::vector<const v1::OrgUnit*>> children;
    std::map<std::int64_t, bool> present;
    for (const auto& u : tree.units()) present[u.id()] = true;
    std::vector<const v1::OrgUnit*> roots;
    for (const auto& u : tree.units()) {
      if (present.count(u.parent_id())) {
        children[u.parent_id()].push_back(&u);
      } else {
        roots.push_back(&u);
      }
    }
    std::map<std::int64_t, std::vector<const v1::PartyPost*>> posts;
    for (const auto& p : tree.party_posts()) posts[p.unit_id()].push_back(&p);

    std::function<void(const v1::OrgUnit&, int)> print = [&](const v1::OrgUnit& u, int depth) {
      std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
      std::cout << indent << u.name() << "  [" << label(u.type()) << "]  #" << u.id();
      if (!u.code().empty()) std::cout << "  " << u.code();
      if (!u.case_prefix().empty()) std::cout << "  " << tr("编号前缀 ", "prefix ") << u.case_prefix();
      if (u.retired()) std::cout << "  " << tr("（已撤销）", "(retired)");
      std::cout << '\n';
      for (const auto* p : posts[u.id()]) {
        std::cout << indent << "    · " << label(p->kind()) << ": " << p->holder_name() << '\n';
      }
      for (const auto* c : children[u.id()]) print(*c, depth + 1);
    };
    for (const auto* r : roots) print(*r, 0);
  });
  return kExitOk;
}

int list_categories(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"kind"}});
  args.expect_at_most(0);
  v1::ClientFrame frame;
  if (auto k = args.value("kind")) {
    frame.mutable_list_categories()->set_kind(parse_enum<v1::CaseKind>(*k, "kind"));
  } else {
    frame.mutable_list_categories();
  }
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& cats = reply.categories();
  client.emit(cats, [&] {
    std::map<std::string, const v1::Category*> by_code;
    for (const auto& c : cats.categories()) by_code[c.code()] = &c;
    // Whether a category's cases need evidence before they are resolved (a hazard: before its
    // 销号): its own setting, or one it inherits from a category above it.
    auto evidence = [&](const v1::Category& c) -> std::string {
      if (c.evidence_required()) return tr("须上传", "required");
      int hops = 0;
      for (auto it = by_code.find(c.parent_code()); it != by_code.end() && hops < 16;
           it = by_code.find(it->second->parent_code()), ++hops) {
        if (it->second->evidence_required()) {
          return std::string(tr("须上传（继承自 ", "required (from ")) + it->second->code() + tr("）", ")");
        }
      }
      return "";
    };
    std::map<std::string, int> depth;
    Table table({tr("代码", "Code"), tr("种类", "Kind"), tr("名称", "Name"),
                 tr("默认处置单位", "Default handler"), tr("办结/销号证据", "Evidence")});
    for (const auto& c : cats.categories()) {
      int d = c.parent_code().empty() ? 0 : depth[c.parent_code()] + 1;
      depth[c.code()] = d;
      std::string name = std::string(static_cast<std::size_t>(d) * 2, ' ') + c.name();
      table.add({c.code(), label(c.kind()), name,
                 c.default_handler() == v1::UNIT_TYPE_UNSPECIFIED ? "" : label(c.default_handler()), evidence(c)});
    }
    table.print(std::cout);
  });
  return kExitOk;
}

}  // namespace gridcase::cli

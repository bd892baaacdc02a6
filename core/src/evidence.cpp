// Evidence: attachments on cases and the categories that require them (evidence.hpp).
#include "gridcase/evidence.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "gridcase/access.hpp"
#include "engine_core.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"
#include "command_pipeline.hpp"
#include "scope.hpp"
#include "wait.hpp"

namespace gridcase {

namespace {

Status check_line(const std::string& value, const char* field, std::size_t max, bool required) {
  if (required && value.empty()) return Status(reason::MISSING_FIELD, std::string(field) + " is required");
  if (!is_clean_text(value, false) || utf8_length(value) > max) {
    return Status(reason::BAD_TEXT, std::string(field) + " must be one line of at most " +
                                            std::to_string(max) + " characters");
  }
  return {};
}

// A media type as "type/subtype": lower-case letters, digits and . + - only.
bool is_media_type(const std::string& t) {
  const auto slash = t.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == t.size()) return false;
  if (t.find('/', slash + 1) != std::string::npos) return false;
  return std::all_of(t.begin(), t.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '/' || ch == '.' ||
           ch == '+' || ch == '-';
  });
}

// What a request to record an attachment says, for its fingerprint.
std::string canonical(const NewAttachment& a) {
  return "attach|" + std::to_string(a.case_id) + "|" + a.sha256 + "|" + std::to_string(a.size) + "|" +
         a.media_type + "|" + a.file_name + "|" + a.note + "|" + (a.has_coordinates ? "1" : "0") + "|" +
         std::to_string(a.lat) + "|" + std::to_string(a.lon) + "|" + std::to_string(a.captured_at);
}

// May this user attach to this (visible) case?
Status attach_allowed(const User& user, const Case& c) {
  if (user.id != kSystemActor && !role_may(user.role, Action::kAttach)) {
    return role_refusal(std::string("a ") + name(user.role) + " may not attach files to cases",
                        roles_that_may(Action::kAttach));
  }
  if (is_terminal(c.state)) {
    return Status(reason::CASE_CLOSED, std::string("cannot attach a file to a ") + name(c.state) + " case");
  }
  return {};
}

}  // namespace

bool is_sha256_hex(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
         });
}

Status check_new_attachment(const NewAttachment& a) {
  GRIDCASE_RETURN_IF_ERROR(check_line(a.request_id, "request_id", 100, true));
  if (a.case_id <= 0) return Status(reason::MISSING_FIELD, "case_id is required");
  if (!is_sha256_hex(a.sha256)) {
    return Status(reason::BAD_SHA256, "sha256 must be 64 lower-case hex digits");
  }
  if (a.size <= 0) return Status(reason::BAD_SIZE, "an attachment has at least one byte");
  if (a.media_type.size() > kMaxMediaType || !is_media_type(a.media_type)) {
    return Status(reason::BAD_MEDIA_TYPE, "media_type must look like \"image/jpeg\"");
  }
  GRIDCASE_RETURN_IF_ERROR(check_line(a.file_name, "file_name", kMaxFileName, false));
  if (a.file_name.find('/') != std::string::npos || a.file_name.find('\\') != std::string::npos) {
    return Status(reason::BAD_TEXT, "file_name must not contain a path");
  }
  GRIDCASE_RETURN_IF_ERROR(check_line(a.note, "note", kMaxAttachmentNote, false));
  if (a.has_coordinates && (!(a.lat >= -90 && a.lat <= 90) || !(a.lon >= -180 && a.lon <= 180))) {
    return Status(reason::BAD_COORDINATES, "latitude is -90..90 and longitude -180..180");
  }
  if (a.captured_at < 0) return Status(reason::BAD_TIME, "captured_at must not be negative");
  return {};
}

Status CaseCommands::check_evidence(ReadView& view, const Case& c) const {
  std::shared_ptr<const std::vector<Category>> all = core_.config->current()->categories;
  // The case's category or one above it may require evidence.
  std::string code = c.category_code;
  const Category* requiring = nullptr;
  std::set<std::string> walked;
  while (!code.empty() && walked.insert(code).second) {
    auto it = std::find_if(all->begin(), all->end(), [&](const Category& k) { return k.code == code; });
    if (it == all->end()) break;
    if (it->evidence_required) {
      requiring = &*it;
      break;
    }
    code = it->parent_code;
  }
  if (requiring == nullptr) return {};
  if (c.kind == CaseKind::kHazard) {
    // The evidence of a fix is what its rectification report cites: attachments of this case
    // (hazard_rules.cpp checks each reference when the report is made).
    const auto& done = c.hazard.rectifications;
    if (!done.empty() && !done.back().evidence.empty()) return {};
    return Status(reason::EVIDENCE_REQUIRED, "类别“" + requiring->name + "”（" + requiring->code +
                                                 "）要求整改证据：请上传整改后的照片（gridcase attach " + c.number +
                                                 " 文件），在整改报告中引用（hazard rectify --evidence 附件ID）后再复查销号");
  }
  auto files = view.list_attachments(c.id);
  if (!files) return files.status();
  if (!files->empty()) return {};
  return Status(reason::EVIDENCE_REQUIRED, "category " + requiring->code + " requires evidence: attach a file (e.g. a photo of "
                             "the result) before resolving the case");
}

Status CaseQueries::check_attach(UserId actor, CaseId id) {
  OrgTreePtr tree = core_.tree();
  return core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto c = visible_case(view, *tree, *user, id);
    if (!c) return c.status();
    return attach_allowed(*user, *c);
  });
}

void CaseCommands::add_attachment(UserId actor, NewAttachment req, AttachmentCallback done) {
  Status valid = check_new_attachment(req);
  if (!valid) {
    done(valid);
    return;
  }
  auto result = std::make_shared<AttachmentResult>();
  Mutation m;
  m.name = "ATTACH";
  m.case_id = req.case_id;
  m.request_id = req.request_id;
  m.fingerprint = core_.crypto.fingerprint(canonical(req));
  m.replay = [result](MutationWrite& w, const RequestRecord& first) -> Status {
    // The attachment the first call recorded.
    auto stored = w.view.get_attachment(first.made_id);
    if (!stored) return stored.status();
    result->attachment = std::move(*stored);
    result->replayed = true;
    return Status{};
  };
  m.apply = [req = std::move(req), result](MutationWrite& w) -> Status {
    WriteView& view = w.view;
    const User* user = &w.actor;
    const OrgTree* tree = w.config.tree.get();
    auto loaded = visible_case(view, *tree, *user, req.case_id);
    if (!loaded) return loaded.status();
    Case c = std::move(*loaded);
    GRIDCASE_RETURN_IF_ERROR(attach_allowed(*user, c));

    const TimeMs now = w.now;
    Attachment a;
    a.case_id = c.id;
    a.sha256 = req.sha256;
    a.size = req.size;
    a.media_type = req.media_type;
    a.file_name = req.file_name;
    a.note = req.note;
    a.has_coordinates = req.has_coordinates;
    a.lat = req.lat;
    a.lon = req.lon;
    a.captured_at = req.captured_at;
    a.uploaded_by = user->id;
    a.uploaded_at = now;
    auto id = view.insert_attachment(a);
    if (!id) return id.status();

    ++c.version;
    c.updated_at = now;
    GRIDCASE_RETURN_IF_ERROR(view.update_case(c));
    Event e = event_on(c, user->id, now, Action::kAttach);
    e.reason = req.note;
    e.details["attachment_id"] = std::to_string(a.id);
    e.details["sha256"] = a.sha256;
    e.details["size"] = std::to_string(a.size);
    e.details["media_type"] = a.media_type;
    if (!a.file_name.empty()) e.details["file_name"] = a.file_name;
    GRIDCASE_RETURN_IF_ERROR(w.append(e));
    w.made(c.id, c.version, a.id);
    result->attachment = std::move(a);
    result->event = std::move(e);
    return Status{};
  };
  core_.pipeline.run(actor, std::move(m), [result, done = std::move(done)](Status s) {
    if (!s) {
      done(s);
      return;
    }
    done(std::move(*result));
  });
}

Result<AttachmentResult> CaseCommands::add_attachment_sync(UserId actor, NewAttachment request) {
  return wait_for<Result<AttachmentResult>>([&](AttachmentCallback cb) {
    add_attachment(actor, std::move(request), std::move(cb));
  });
}

Result<std::vector<Attachment>> CaseQueries::attachments(UserId actor, CaseId id) {
  OrgTreePtr tree = core_.tree();
  std::vector<Attachment> out;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto c = visible_case(view, *tree, *user, id);
    if (!c) return c.status();
    auto files = view.list_attachments(id);
    if (!files) return files.status();
    out = std::move(*files);
    return Status{};
  });
  if (!s) return s;
  return out;
}

Result<Attachment> CaseQueries::attachment(UserId actor, AttachmentId id) {
  OrgTreePtr tree = core_.tree();
  std::optional<Attachment> out;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    const Status missing = Status(reason::ATTACHMENT_NOT_FOUND, "no such attachment");
    auto a = view.get_attachment(id);
    if (!a) return a.status().code() == Code::kNotFound ? missing : a.status();
    auto c = view.get_case(a->case_id);
    if (!c) return c.status().code() == Code::kNotFound ? missing : c.status();
    if (!sees(*tree, *user, *c)) return missing;
    out = std::move(*a);
    return Status{};
  });
  if (!s) return s;
  return std::move(*out);
}

void Administration::set_category_evidence(UserId actor, std::string code, bool required, Callback<Category> done) {
  struct CategoryChange {
    Category changed;
    std::vector<Category> all;
  };
  Configuration& config = *core_.config;
  Mutation m;
  m.name = "SET_CATEGORY_EVIDENCE";
  auto change = std::make_shared<CategoryChange>();
  m.apply = [code = std::move(code), required, change](MutationWrite& w) -> Status {
    if (!may(w.actor, Permission::kManageOrg)) return role_refusal("only admins change categories", Permission::kManageOrg);
    auto all = w.view.load_categories();
    if (!all) return all.status();
    auto it = std::find_if(all->begin(), all->end(), [&](const Category& c) { return c.code == code; });
    if (it == all->end()) return Status(reason::UNKNOWN_CATEGORY_EVIDENCE, "no category " + code);
    it->evidence_required = required;
    change->changed = *it;
    GRIDCASE_RETURN_IF_ERROR(w.view.upsert_category(change->changed));
    change->all = std::move(*all);
    return Status{};
  };
  core_.pipeline.run(actor, std::move(m), [&config, change, done = std::move(done)](Status s) {
    if (!s) return done(s);
    config.adopt_categories(std::move(change->all));
    done(std::move(change->changed));
  });
}

}  // namespace gridcase

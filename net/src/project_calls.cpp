#include "gridcase/net/project_calls.hpp"

#include <sodium.h>

#include <memory>
#include <vector>

namespace gridcase::net {

namespace v1 = ::gridcase::v1;

namespace {

using F = v1::ClientFrame;

v1::ProjectState to_proto(ProjectState v) { return static_cast<v1::ProjectState>(static_cast<int>(v)); }

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

// A photo stored for a command not yet recorded: released once the engine has answered.
struct PlacedPhoto {
  std::string sha256;
  bool created = false;
};

// Checks and stores the photos' bytes, filling in their digest and size. On failure, whatever
// was placed is released.
Status place_photos(AttachmentStore& store, const v1::ProjectCommandRequest& req, ProjectCommand& cmd,
                    std::vector<PlacedPhoto>& placed) {
  for (int i = 0; i < req.photos_size(); ++i) {
    const auto& in = req.photos(i);
    ProjectPhoto& photo = cmd.photos[static_cast<std::size_t>(i)];
    const std::string& bytes = in.content();
    Status s = [&]() -> Status {
      if (bytes.empty()) return Status(reason::BAD_PHOTO, "photo " + in.file_name() + " has no content");
      const std::string digest = sha256_hex(bytes);
      if (!in.sha256().empty() && in.sha256() != digest) {
        return Status(reason::CHECKSUM_MISMATCH, "photo " + in.file_name() + " does not match its SHA-256");
      }
      photo.sha256 = digest;
      photo.size = static_cast<std::int64_t>(bytes.size());
      NewAttachment declared;
      declared.request_id = req.request_id();
      declared.case_id = req.project_id();  // the store's checks ask for an owner: the project
      declared.sha256 = photo.sha256;
      declared.size = photo.size;
      declared.media_type = photo.media_type;
      declared.file_name = photo.file_name;
      auto upload = store.begin(declared);
      if (!upload) return upload.status();
      const std::int64_t chunk = store.limits().chunk_bytes;
      for (std::int64_t at = 0; at < photo.size; at += chunk) {
        GRIDCASE_RETURN_IF_ERROR(store.write(**upload, at, bytes.substr(static_cast<std::size_t>(at),
                                                                         static_cast<std::size_t>(chunk))));
      }
      bool created = false;
      GRIDCASE_RETURN_IF_ERROR(store.place(**upload, created));
      placed.push_back({photo.sha256, created});
      return {};
    }();
    if (!s) {
      for (const auto& p : placed) store.release(p.sha256, p.created, false);
      placed.clear();
      return s;
    }
  }
  return {};
}

}  // namespace

Result<ProjectCommand> from_proto(const v1::ProjectCommandRequest& in) {
  ProjectCommand c;
  c.request_id = in.request_id();
  auto action = action_from_proto(in.action(), "action");
  if (!action) return action.status();
  c.action = *action;
  c.project_id = in.project_id();
  c.expected_version = in.expected_version();
  c.name = in.name();
  c.unit_id = in.unit_id();
  for (const auto& e : in.estates()) c.estates.push_back({e.name(), e.unit_id(), e.households()});
  c.budget_yuan = in.budget_yuan();
  c.start_date = in.start_date();
  for (const auto& m : in.milestones()) {
    Milestone ms;
    ms.name = m.name();
    ms.planned_date = m.planned_date();
    c.milestones.push_back(std::move(ms));
  }
  c.milestone_id = in.milestone_id();
  c.milestone_name = in.milestone_name();
  c.planned_date = in.planned_date();
  c.date = in.date();
  c.note = in.note();
  for (const auto& p : in.photos()) {
    ProjectPhoto photo;
    photo.sha256 = p.sha256();
    photo.size = static_cast<std::int64_t>(p.content().size());
    photo.media_type = p.media_type();
    photo.file_name = p.file_name();
    c.photos.push_back(std::move(photo));
  }
  c.case_id = in.case_id();
  return c;
}

void to_proto(const Project& in, const AsOf& at, v1::Project* out) {
  out->set_id(in.id);
  out->set_name(in.name);
  out->set_unit_id(in.unit_id);
  for (const auto& e : in.estates) {
    auto* o = out->add_estates();
    o->set_name(e.name);
    o->set_unit_id(e.unit_id);
    o->set_households(e.households);
  }
  out->set_budget_yuan(in.budget_yuan);
  out->set_start_date(in.start_date);
  for (const auto& m : in.milestones) {
    const MilestoneClock k = milestone_clock(*at.calendar, m, at.now);
    auto* o = out->add_milestones();
    o->set_id(m.id);
    o->set_name(m.name);
    o->set_planned_date(m.planned_date);
    o->set_actual_date(m.actual_date);
    o->set_colour(net::to_proto(k.colour));
    o->set_due_date(k.due_date);
    o->set_warn_at(k.warn_at);
    o->set_deadline(k.deadline);
    o->set_late(k.late);
    o->set_provisional(k.provisional);
  }
  for (const auto& u : in.updates) {
    auto* o = out->add_updates();
    o->set_at(u.at);
    o->set_by(u.by);
    o->set_note(u.note);
    for (const auto& p : u.photos) {
      auto* ph = o->add_photos();
      ph->set_sha256(p.sha256);
      ph->set_size(p.size);
      ph->set_media_type(p.media_type);
      ph->set_file_name(p.file_name);
    }
  }
  for (const auto& c : in.complaints) {
    auto* o = out->add_complaints();
    o->set_case_id(c.case_id);
    o->set_linked_at(c.linked_at);
  }
  out->set_state(to_proto(in.state));
  out->set_finished_date(in.finished_date);
  out->set_version(in.version);
  out->set_created_by(in.created_by);
  out->set_created_at(in.created_at);
  out->set_colour(net::to_proto(project_colour(*at.calendar, in, at.now)));
  out->set_complaints_linked(static_cast<int>(in.complaints.size()));
}

void to_proto(const ProjectPage& in, const AsOf& at, v1::Project* out) {
  to_proto(in.project, at, out);
  out->clear_complaints();
  for (const auto& c : in.complaints) {
    auto* o = out->add_complaints();
    o->set_case_id(c.case_id);
    o->set_number(c.number);
    o->set_title(c.title);
    o->set_kind(static_cast<v1::CaseKind>(c.kind));
    o->set_state(static_cast<v1::CaseState>(c.state));
    o->set_created_at(c.created_at);
    o->set_linked_at(c.linked_at);
  }
  out->set_complaints_outside_scope(in.complaints_outside_scope);
}

bool is_project_call(F::RequestCase kind) {
  return kind == F::kProjectCommand || kind == F::kGetProject || kind == F::kListProjects ||
         kind == F::kGetProjectFigures;
}

std::optional<v1::Reply> project_call(Engine& engine, AttachmentStore* store, UserId actor, const v1::ClientFrame& frame,
                                      Dispatcher::AsyncReply later) {
  v1::Reply reply;
  switch (frame.request_case()) {
    case F::kProjectCommand: {
      const auto& req = frame.project_command();
      auto cmd = from_proto(req);
      if (!cmd) return error_reply(0, cmd.status());
      auto placed = std::make_shared<std::vector<PlacedPhoto>>();
      if (req.photos_size() > 0 && cmd->action == Action::kProjectUpdate) {
        if (store == nullptr) return error_reply(0, Status(reason::ATTACHMENTS_UNAVAILABLE, "no attachment store"));
        if (static_cast<std::size_t>(req.photos_size()) > kMaxPhotos) {
          return error_reply(0, Status(reason::TOO_MANY_ITEMS, "at most 9 photos per update"));
        }
        Status s = place_photos(*store, req, *cmd, *placed);
        if (!s) return error_reply(0, s);
      }
      engine.commands().project_command(
          actor, std::move(*cmd), [&engine, store, placed, later = std::move(later)](Result<Project> result) {
            for (const auto& p : *placed) store->release(p.sha256, p.created, static_cast<bool>(result));
            if (!result) return later(error_reply(0, result.status()));
            v1::Reply r;
            to_proto(*result, AsOf::of(engine), r.mutable_project()->mutable_project());
            later(std::move(r));
          });
      return std::nullopt;
    }
    case F::kGetProject: {
      auto page = engine.queries().project(actor, frame.get_project().project_id());
      if (!page) return error_reply(0, page.status());
      to_proto(*page, AsOf::of(engine), reply.mutable_project()->mutable_project());
      return reply;
    }
    case F::kListProjects: {
      const auto& req = frame.list_projects();
      auto state = enum_from_wire<ProjectState>(req.state(), static_cast<int>(ProjectState::kFinished), "state");
      if (!state) return error_reply(0, state.status());
      auto found = engine.queries().list_projects(actor, req.unit_id(), *state);
      if (!found) return error_reply(0, found.status());
      const AsOf at = AsOf::of(engine);
      for (const auto& p : *found) to_proto(p.project, at, reply.mutable_projects()->add_projects());
      return reply;
    }
    case F::kGetProjectFigures: {
      auto f = engine.queries().project_figures(actor, frame.get_project_figures().unit_id());
      if (!f) return error_reply(0, f.status());
      auto* out = reply.mutable_project_figures();
      out->set_total(f->total);
      out->set_on_time(f->on_time);
      out->set_late(f->late);
      out->set_done(f->done);
      for (const auto& row : f->projects) {
        auto* o = out->add_projects();
        o->set_project_id(row.project_id);
        o->set_name(row.name);
        o->set_state(to_proto(row.state));
        o->set_colour(net::to_proto(row.colour));
        o->set_complaints_before(row.before);
        o->set_complaints_after(row.after);
      }
      return reply;
    }
    default:
      return error_reply(0, Status(reason::UNKNOWN_REQUEST, "not a project call"));
  }
}

}  // namespace gridcase::net

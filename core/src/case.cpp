#include "gridcase/case.hpp"

namespace gridcase {

void stamp_event(Event& e, const Case& c, UserId actor, TimeMs at, Action action) {
  e.case_id = c.id;
  e.case_number = c.number;
  e.actor_id = actor;
  e.at = at;
  e.action = action;
  e.to_state = c.state;
  e.to_level = c.level;
  e.case_version = c.version;
  e.case_kind = c.kind;
  e.handling_unit_id = c.handling_unit_id;
  e.location_unit_id = c.location.unit_id;
}

Event event_on(const Case& c, UserId actor, TimeMs at, Action action, CaseState from_state, Level from_level) {
  Event e;
  e.from_state = from_state;
  e.from_level = from_level;
  stamp_event(e, c, actor, at, action);
  return e;
}

}  // namespace gridcase

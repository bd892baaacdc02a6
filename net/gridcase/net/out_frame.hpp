// An outgoing ServerFrame as it goes on the wire: a small per-recipient head followed by a body
// that may be shared, immutable, between many recipients.
//
// Event pushes are the reason for the split: an event is encoded once (the body) and every
// subscription that receives it only adds its own head (the ServerFrame/EventPush tags, the
// subscription id and the lengths). Head + body is a valid encoded ServerFrame.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/buffer.hpp>

#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::net {

struct OutFrame {
  std::string head;
  std::shared_ptr<const std::string> body;  // may be null

  std::size_t size() const { return head.size() + (body ? body->size() : 0); }
  // The bytes to write; valid while this frame lives and is not modified.
  std::array<boost::asio::const_buffer, 2> buffers() const {
    return {boost::asio::buffer(head),
            body ? boost::asio::buffer(*body) : boost::asio::const_buffer()};
  }
};

// A reply frame: ServerFrame{reply}, encoded into the body.
OutFrame reply_frame(const ::gridcase::v1::Reply& reply);

// Any other frame, encoded into the body.
OutFrame server_frame(const ::gridcase::v1::ServerFrame& frame);

// An event push: `event_bytes` must be an encoded gridcase.v1.CaseEvent. The frame decodes as
// ServerFrame{event: EventPush{subscription_id, event}}.
OutFrame event_frame(std::int64_t subscription_id, std::shared_ptr<const std::string> event_bytes);

}  // namespace gridcase::net

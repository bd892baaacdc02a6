#include "gridcase/net/out_frame.hpp"

#include <google/protobuf/io/coded_stream.h>

namespace gridcase::net {
namespace {

using google::protobuf::io::CodedOutputStream;

// Protobuf wire tags: (field number << 3) | wire type.
constexpr std::uint8_t kVarint = 0;
constexpr std::uint8_t kLengthDelimited = 2;
constexpr std::uint8_t tag(int field, std::uint8_t wire_type) {
  return static_cast<std::uint8_t>((field << 3) | wire_type);
}

void append_varint(std::string& out, std::uint64_t value) {
  std::uint8_t bytes[10];
  std::uint8_t* end = CodedOutputStream::WriteVarint64ToArray(value, bytes);
  out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(end - bytes));
}

}  // namespace

OutFrame reply_frame(const ::gridcase::v1::Reply& reply) {
  // ServerFrame.reply = 1, written around the reply's own encoding: copying the reply into a
  // ServerFrame first cost as much as encoding it (a page of cases, a long history).
  auto body = std::make_shared<std::string>();
  reply.SerializeToString(body.get());
  OutFrame out;
  out.head.reserve(8);
  out.head.push_back(static_cast<char>(tag(1, kLengthDelimited)));
  append_varint(out.head, body->size());
  out.body = std::move(body);
  return out;
}

OutFrame server_frame(const ::gridcase::v1::ServerFrame& frame) {
  return OutFrame{{}, std::make_shared<const std::string>(frame.SerializeAsString())};
}

OutFrame event_frame(std::int64_t subscription_id, std::shared_ptr<const std::string> event_bytes) {
  // ServerFrame.event = 2 (EventPush); EventPush.subscription_id = 1, EventPush.event = 2.
  const std::uint64_t event_size = event_bytes ? event_bytes->size() : 0;
  const auto id = static_cast<std::uint64_t>(subscription_id);
  std::size_t push_size = 0;
  if (id != 0) push_size += 1 + CodedOutputStream::VarintSize64(id);
  push_size += 1 + CodedOutputStream::VarintSize64(event_size) + event_size;

  OutFrame out;
  out.head.reserve(24);
  out.head.push_back(static_cast<char>(tag(2, kLengthDelimited)));
  append_varint(out.head, push_size);
  if (id != 0) {
    out.head.push_back(static_cast<char>(tag(1, kVarint)));
    append_varint(out.head, id);
  }
  out.head.push_back(static_cast<char>(tag(2, kLengthDelimited)));
  append_varint(out.head, event_size);
  out.body = std::move(event_bytes);
  return out;
}

}  // namespace gridcase::net

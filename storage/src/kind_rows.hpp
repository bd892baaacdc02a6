// How the records of the kinds are kept in rows: a dispute's mediation, a petition's record and
// a 12345 hotline order's record, each in one TEXT column of `cases` as a JSON object of strings
// (encode_string_map), its lists flattened into numbered keys ("session.0.place"). A case of
// another kind stores an empty string. (Hazards and whistles: hazard_rows.hpp.)
#pragma once

#include <string>
#include <string_view>

#include "gridcase/mediation.hpp"
#include "gridcase/petition.hpp"
#include "gridcase/hotline.hpp"

namespace gridcase::storage {

std::string encode_mediation(const Mediation& m);
// False when `text` is neither empty nor what encode_mediation writes. Missing keys keep the
// field's default, so older and newer rows both read.
bool decode_mediation(std::string_view text, Mediation& out);

std::string encode_petition(const Petition& p);
bool decode_petition(std::string_view text, Petition& out);

// A hotline order's record (hotline.hpp), and the key that keeps its number unique within the
// receiving sub-district ("<sub-district id>/<order number>").
std::string encode_hotline(const HotlineOrder& h);
bool decode_hotline(std::string_view text, HotlineOrder& out);
std::string hotline_order_key(UnitId sub_district, const std::string& order_no);

}  // namespace gridcase::storage

// The personal identifiers parties give: the resident identity card number (居民身份证号码,
// GB 11643-1999) and mainland phone numbers. Checked when a case is registered, so that a typo
// is caught while the person is still there, and so that a number is never stored where a name
// belongs. Messages are in Chinese: the grid worker reads them at the door.
#pragma once

#include <string>

#include "gridcase/status.hpp"

namespace gridcase {

// An 18-character ID number: 17 digits and a check character (0-9 or X) that matches them
// (ISO 7064 MOD 11-2), an existing province code, and a real birth date from 1900 on and not
// after `today_yyyymmdd` (e.g. 20261206). INVALID_ARGUMENT BAD_ID_NUMBER saying what is wrong.
// A lower-case x is accepted; `normalised` gets the number with an upper-case X.
Status check_id_number(const std::string& id, int today_yyyymmdd, std::string* normalised = nullptr);

// The check character an ID number's first 17 digits call for ('0'-'9' or 'X').
char id_check_character(const std::string& first17);

// A mainland mobile number (11 digits starting 13-19, optionally after +86 or 0086) or a
// landline with its area code (0 + 2 or 3 digits, then 7 or 8 digits). Spaces and hyphens are
// ignored. INVALID_ARGUMENT BAD_PHONE otherwise. `normalised` gets the digits only (a landline
// as area code, hyphen, number).
Status check_phone(const std::string& phone, std::string* normalised = nullptr);

// True when `name` holds a run of six or more digits (ASCII or full-width): a phone or ID
// number typed into a name.
bool has_number_run(const std::string& name);

}  // namespace gridcase

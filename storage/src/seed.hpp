// What a new (or upgraded) database is given, decided once for every store that goes through
// the port: the builtin categories when it has none, the default deadline policies when it has
// none, and each shipped calendar year it does not hold yet (a stored year, edited or not, is
// never overwritten). The PostgreSQL store seeds through it; SQLite's migrate() seeds the same
// data by SQL of its own, inside its migration transaction.
#pragma once

#include "gridcase/repository.hpp"

namespace gridcase::storage {

// Seeds `view` as above. Returns the first failing write's status.
Status seed_defaults(WriteView& view);

}  // namespace gridcase::storage

// What ingest needs besides the transaction: the business time zone the days are cut in.
#pragma once

#include "absl/time/time.h"

namespace sales::analytics::ingest {

struct IngestContext {
  absl::TimeZone zone;
};

}  // namespace sales::analytics::ingest

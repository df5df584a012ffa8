// Names, e-mail addresses and phone numbers of the demo's people and companies, from small
// lists of common Chinese surnames, given names (pinyin) and company words. Addresses use
// the reserved example.com / example.net domains.
#pragma once

#include <string>

#include "tools/demo/random.h"

namespace sales::demo {

struct PersonName {
  std::string display_name;  // "Wang Fang"
  std::string email;         // "fang.wang1234@example.com"
};

// A person; `serial` makes the e-mail address unique.
PersonName RandomPerson(Random& rng, int64_t serial);
// A company name, e.g. "Hangzhou Ruifeng Trading Co., Ltd.", and its purchasing address.
PersonName RandomCompany(Random& rng, int64_t serial);
// A mainland mobile number in E.164, "+86139XXXXXXXX".
std::string RandomMobile(Random& rng);

// The reps: "reps/101" .. "reps/112", each working one region (index into kRegions).
inline constexpr int kRepCount = 12;
std::string RepName(int rep);
int RepRegion(int rep);

}  // namespace sales::demo

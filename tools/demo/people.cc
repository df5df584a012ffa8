#include "tools/demo/people.h"

#include <cctype>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sales::demo {
namespace {

const std::vector<const char*> kSurnames = {"Wang", "Li",  "Zhang", "Liu", "Chen", "Yang", "Huang",
                                            "Zhao", "Wu",  "Zhou",  "Xu",  "Sun",  "Ma",   "Zhu",
                                            "Hu",   "Guo", "He",    "Lin", "Gao",  "Luo"};
const std::vector<const char*> kGivenNames = {
    "Wei",  "Fang", "Na",  "Min", "Jing",  "Li",     "Qiang",   "Lei",  "Jun",   "Yang",
    "Yong", "Yan",  "Jie", "Tao", "Ming",  "Chao",   "Xiuying", "Hui",  "Ping",  "Gang",
    "Xin",  "Yu",   "Hao", "Yi",  "Zihan", "Yuxuan", "Haoran",  "Ziyi", "Xinyi", "Jiahui"};
const std::vector<const char*> kCities = {"Shanghai", "Beijing", "Shenzhen", "Hangzhou",
                                          "Chengdu",  "Wuhan",   "Nanjing",  "Suzhou",
                                          "Xiamen",   "Tianjin", "Qingdao",  "Changsha"};
const std::vector<const char*> kCompanyWords = {"Jinxin",  "Hengda",   "Huaxia",  "Longteng",
                                                "Ruifeng", "Tianyi",   "Xinghai", "Zhongcheng",
                                                "Baorun",  "Mingyuan", "Fuda",    "Kaiyuan"};
const std::vector<const char*> kCompanyKinds = {
    "Trading Co., Ltd.", "Technology Co., Ltd.", "Hotel Group",    "Office Services Co., Ltd.",
    "Retail Chain",      "Catering Co., Ltd.",   "Education Group"};

const char* Pick(Random& rng, const std::vector<const char*>& list) {
  return list[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(list.size()) - 1))];
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

PersonName RandomPerson(Random& rng, int64_t serial) {
  const std::string surname = Pick(rng, kSurnames);
  const std::string given = Pick(rng, kGivenNames);
  const char* domain = rng.Chance(0.7) ? "example.com" : "example.net";
  return {absl::StrCat(surname, " ", given),
          absl::StrCat(Lower(given), ".", Lower(surname), serial, "@", domain)};
}

PersonName RandomCompany(Random& rng, int64_t serial) {
  const std::string city = Pick(rng, kCities);
  const std::string word = Pick(rng, kCompanyWords);
  const std::string kind = Pick(rng, kCompanyKinds);
  return {absl::StrCat(city, " ", word, " ", kind),
          absl::StrCat("purchasing@", Lower(word), serial, ".example.com")};
}

std::string RandomMobile(Random& rng) {
  static const std::vector<const char*> kPrefixes = {"139", "138", "137", "186",
                                                     "158", "151", "189", "177"};
  return absl::StrFormat("+86%s%08d", Pick(rng, kPrefixes), rng.Int(0, 99999999));
}

std::string RepName(int rep) { return absl::StrCat("reps/", 101 + rep); }
int RepRegion(int rep) { return rep % 5; }

}  // namespace sales::demo

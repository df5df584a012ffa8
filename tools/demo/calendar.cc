#include "tools/demo/calendar.h"

#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "tools/demo/random.h"

namespace sales::demo {
namespace {

// Chinese New Year's day by year (the first day of the first lunar month).
const std::map<int, absl::CivilDay>& SpringFestivalTable() {
  static const auto* table = new std::map<int, absl::CivilDay>{
      {2020, absl::CivilDay(2020, 1, 25)}, {2021, absl::CivilDay(2021, 2, 12)},
      {2022, absl::CivilDay(2022, 2, 1)},  {2023, absl::CivilDay(2023, 1, 22)},
      {2024, absl::CivilDay(2024, 2, 10)}, {2025, absl::CivilDay(2025, 1, 29)},
      {2026, absl::CivilDay(2026, 2, 17)}, {2027, absl::CivilDay(2027, 2, 6)},
      {2028, absl::CivilDay(2028, 1, 26)}, {2029, absl::CivilDay(2029, 2, 13)},
      {2030, absl::CivilDay(2030, 2, 3)},  {2031, absl::CivilDay(2031, 1, 23)},
      {2032, absl::CivilDay(2032, 2, 11)}, {2033, absl::CivilDay(2033, 1, 31)},
      {2034, absl::CivilDay(2034, 2, 19)}, {2035, absl::CivilDay(2035, 2, 8)},
  };
  return *table;
}

// Days from `from` to d (negative before).
int64_t DaysFrom(absl::CivilDay from, absl::CivilDay d) { return d - from; }

double WeekdayFactor(absl::CivilDay d) {
  switch (absl::GetWeekday(d)) {
    case absl::Weekday::monday:
      return 0.88;
    case absl::Weekday::tuesday:
      return 0.9;
    case absl::Weekday::wednesday:
      return 0.95;
    case absl::Weekday::thursday:
      return 1.0;
    case absl::Weekday::friday:
      return 1.1;
    case absl::Weekday::saturday:
      return 1.32;
    case absl::Weekday::sunday:
      return 1.25;
  }
  return 1.0;
}

// Festival effect on all categories.
double HolidayFactor(absl::CivilDay d) {
  double f = 1.0;
  absl::CivilDay sf;
  for (const int year : {static_cast<int>(d.year()), static_cast<int>(d.year()) + 1}) {
    if (!SpringFestival(year, &sf)) continue;
    const int64_t k = DaysFrom(sf, d);
    if (k >= -21 && k <= -1) f *= 1.25 + 0.04 * static_cast<double>(21 + k);  // gift run-up
    if (k >= 0 && k <= 6) f *= 0.45;  // the festival week: shops and couriers rest
  }
  const int m = d.month();
  const int day = d.day();
  if (m == 6 && day >= 1 && day <= 17) f *= 1.3;
  if (m == 6 && day == 18) f *= 3.2;
  if (m == 10 && day >= 1 && day <= 7) f *= 1.2;  // National Day golden week
  if ((m == 10 && day >= 20) || (m == 11 && day <= 10)) f *= 1.3;
  if (m == 11 && day == 11) f *= 4.5;
  if (m == 11 && (day == 12 || day == 13)) f *= 1.4;
  if (m == 12 && day == 12) f *= 1.9;
  return f;
}

}  // namespace

absl::Time DemoPeriod::At(absl::CivilDay d, int64_t seconds) const {
  return absl::FromCivil(absl::CivilSecond(d) + seconds, zone);
}

bool SpringFestival(int year, absl::CivilDay* day) {
  const auto& table = SpringFestivalTable();
  const auto it = table.find(year);
  if (it == table.end()) return false;
  *day = it->second;
  return true;
}

std::vector<Holiday> HolidaysBetween(absl::CivilDay first, absl::CivilDay last) {
  std::vector<Holiday> out;
  for (int year = static_cast<int>(first.year()); year <= static_cast<int>(last.year()) + 1;
       ++year) {
    std::vector<Holiday> of_year;
    absl::CivilDay sf;
    if (SpringFestival(year, &sf)) {
      of_year.push_back(
          {"spring-festival", absl::StrCat("Spring Festival ", year), year, sf, sf - 21, sf - 1});
    }
    of_year.push_back({"618", absl::StrCat("618 ", year), year, absl::CivilDay(year, 6, 18),
                       absl::CivilDay(year, 6, 1), absl::CivilDay(year, 6, 18)});
    of_year.push_back({"double-11", absl::StrCat("Double 11 ", year), year,
                       absl::CivilDay(year, 11, 11), absl::CivilDay(year, 10, 20),
                       absl::CivilDay(year, 11, 11)});
    of_year.push_back({"double-12", absl::StrCat("Double 12 ", year), year,
                       absl::CivilDay(year, 12, 12), absl::CivilDay(year, 12, 10),
                       absl::CivilDay(year, 12, 12)});
    for (Holiday& h : of_year) {
      if (h.campaign_last >= first && h.campaign_first <= last) out.push_back(std::move(h));
    }
  }
  return out;
}

double DemandWeight(absl::CivilDay d, absl::CivilDay first, double growth_per_year) {
  const double years = static_cast<double>(d - first) / 365.25;
  const double trend = std::pow(1.0 + growth_per_year, years);
  // A mild yearly wave: strongest in early winter, softest in late summer.
  const double doy = static_cast<double>(absl::GetYearDay(d));
  const double wave = 1.0 + 0.1 * std::cos(2.0 * M_PI * (doy - 340.0) / 365.25);
  return trend * WeekdayFactor(d) * wave * HolidayFactor(d);
}

double CategoryLift(absl::CivilDay d, const std::string& category) {
  absl::CivilDay sf;
  for (const int year : {static_cast<int>(d.year()), static_cast<int>(d.year()) + 1}) {
    if (!SpringFestival(year, &sf)) continue;
    const int64_t k = DaysFrom(sf, d);
    if (k >= -28 && k <= -1 && (category == "tea" || category == "food-gifts")) return 3.0;
  }
  const bool electronics = category == "phones" || category == "laptops" || category == "audio" ||
                           category == "wearables" || category == "home-appliances";
  const int m = d.month();
  const int day = d.day();
  if (electronics && ((m == 6 && day <= 18) || (m == 11 && day <= 11) || (m == 10 && day >= 20))) {
    return 1.6;
  }
  if (category == "kitchen" && m == 12) return 1.3;
  return 1.0;
}

int64_t OrderSecondOfDay(Random& rng, int channel_index) {
  // Relative orders per hour, 0-23 h.
  static const std::vector<double> kStore =
      Cumulative({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 6, 7, 6, 6, 6, 7, 8, 9, 9, 7, 4, 0, 0});
  static const std::vector<double> kWeb =
      Cumulative({3, 2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7, 6, 6, 6, 6, 6, 7, 9, 11, 12, 10, 6});
  static const std::vector<double> kOffice =
      Cumulative({0, 0, 0, 0, 0, 0, 0, 0, 2, 8, 10, 10, 5, 6, 9, 9, 8, 6, 2, 0, 0, 0, 0, 0});
  const std::vector<double>& profile =
      channel_index == 0 ? kStore : (channel_index == 1 ? kWeb : kOffice);
  const int64_t hour = static_cast<int64_t>(rng.Pick(profile));
  return hour * 3600 + rng.Int(0, 3599);
}

}  // namespace sales::demo

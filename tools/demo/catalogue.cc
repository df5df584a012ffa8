#include "tools/demo/catalogue.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/demo/money.h"
#include "tools/demo/random.h"

namespace sales::demo {
namespace {

struct Category {
  const char* code;  // the category
  const char* abbr;  // in the SKU
  int share;         // products per 200
  double low_yuan;   // price range
  double high_yuan;
  double margin;  // (price - cost) / price, on average
  const char* unit;
  int max_quantity;  // most units a person buys at once
  std::vector<const char*> brands;
  std::vector<const char*> items;
  std::vector<const char*> variants;
};

const std::vector<Category>& Categories() {
  static const auto* kCategories = new std::vector<Category>{
      {"phones",
       "PHN",
       18,
       999,
       6999,
       0.17,
       "EA",
       1,
       {"Lumo", "Xinghe", "Aurora"},
       {"Phone", "Phone Pro", "Phone Lite"},
       {"5G 128 GB", "5G 256 GB", "5G 512 GB", "4G 64 GB", "Fold 512 GB", "Mini 128 GB"}},
      {"laptops",
       "LAP",
       14,
       3999,
       12999,
       0.14,
       "EA",
       1,
       {"Lumo", "Taishan", "Kunlun"},
       {"Book 14", "Book 16", "Air 13"},
       {"i5 16 GB", "i7 32 GB", "R7 16 GB", "Ultra 32 GB", "Creator 64 GB"}},
      {"audio",
       "AUD",
       20,
       99,
       1999,
       0.4,
       "EA",
       2,
       {"Qinyin", "Lumo", "Sonora", "Bamboo"},
       {"Earbuds", "Headphones", "Speaker", "Soundbar", "Neckband"},
       {"Black", "White", "Pro", "Sport"}},
      {"wearables",
       "WER",
       14,
       199,
       2999,
       0.35,
       "EA",
       1,
       {"Lumo", "Pulse", "Xinghe"},
       {"Watch", "Band", "Ring"},
       {"41 mm", "45 mm", "Kids", "Sport", "Titanium"}},
      {"home-appliances",
       "HOM",
       22,
       199,
       4999,
       0.27,
       "EA",
       1,
       {"Midong", "Haier-style", "Breeze", "Lotus"},
       {"Air Purifier", "Robot Vacuum", "Humidifier", "Fan Heater", "Dehumidifier",
        "Water Purifier"},
       {"S", "M", "L", "Plus"}},
      {"kitchen",
       "KIT",
       24,
       39,
       899,
       0.42,
       "EA",
       3,
       {"Jade Kitchen", "Wok Master", "Porcelain House"},
       {"Rice Cooker", "Wok", "Electric Kettle", "Knife Set", "Steamer", "Soymilk Maker", "Tea Set",
        "Chopstick Set"},
       {"Classic", "Deluxe", "Family"}},
      {"tea",
       "TEA",
       20,
       38,
       888,
       0.55,
       "BOX",
       6,
       {"Xihu", "Anxi", "Yunnan", "Wuyi", "Huangshan"},
       {"Longjing Green Tea", "Tieguanyin", "Pu'er Cake", "Da Hong Pao", "Maofeng"},
       {"100 g", "250 g", "500 g", "Gift Box"}},
      {"food-gifts",
       "FOO",
       18,
       68,
       598,
       0.45,
       "BOX",
       5,
       {"Golden Harvest", "Old Town", "Lucky Cloud"},
       {"Mooncake Box", "Nut Hamper", "Dried Fruit Box", "Spring Gift Basket", "Sausage Set",
        "Honey Set"},
       {"Small", "Large", "Premium"}},
      {"personal-care",
       "PER",
       22,
       29,
       399,
       0.55,
       "EA",
       6,
       {"Lanxi", "Pure Spring", "Orchid"},
       {"Face Cream", "Shampoo", "Toothbrush", "Serum", "Sunscreen", "Hand Cream", "Razor"},
       {"50 ml", "200 ml", "Travel", "Refill"}},
      {"office",
       "OFF",
       16,
       9,
       499,
       0.45,
       "BOX",
       20,
       {"Deli-style", "Paperline", "Inkwell"},
       {"A4 Paper", "Gel Pens", "Notebooks", "Desk Lamp", "Stapler", "Filing Boxes"},
       {"Pack", "Carton", "Set"}},
      {"baby",
       "BAB",
       12,
       49,
       699,
       0.4,
       "EA",
       4,
       {"Little Panda", "Bamboo Baby"},
       {"Diapers", "Bottle Set", "Stroller Fan", "Baby Wipes", "Play Mat", "Carrier"},
       {"S", "M", "L"}},
  };
  return *kCategories;
}

}  // namespace

int64_t ShelfPrice(double major, int64_t per_major) {
  if (major >= 100) return (static_cast<int64_t>(std::round(major / 10)) * 10 - 1) * per_major;
  if (per_major < 10) {
    // No cents to end in .90 or .x0 (JPY): whole units, just under a round ten from 20.
    return major >= 20 ? (static_cast<int64_t>(std::round(major)) - 1) * per_major
                       : std::max<int64_t>(1, std::llround(major)) * per_major;
  }
  if (major >= 20) {
    return (static_cast<int64_t>(std::round(major)) - 1) * per_major + per_major * 9 / 10;
  }
  return static_cast<int64_t>(std::round(major * 10)) * (per_major / 10);
}

namespace {

int64_t CostOf(Random& rng, int64_t price, double margin) {
  const double m = std::clamp(margin + rng.Normal(0, 0.04), 0.05, 0.8);
  return static_cast<int64_t>(std::round(static_cast<double>(price) * (1 - m)));
}

}  // namespace

int WarehouseOfRegion(int region) {
  static constexpr int kOf[] = {0, 1, 2, 2, 0};  // east, north, south, west, central
  return kOf[region];
}

Catalogue PlanCatalogue(const DemoOptions& options) {
  Random rng = Random::Stream(options.seed, "catalogue");
  Catalogue c;
  const DemoPeriod& p = options.period;
  const int64_t history_days = std::max<int64_t>(1, p.live_first - p.first);
  const int64_t per_major = MinorPerMajor(options);
  for (const Category& cat : Categories()) {
    c.categories.push_back(cat.code);
    const int count = std::max(1, static_cast<int>(std::lround(static_cast<double>(cat.share) *
                                                               options.products / 200.0)));
    std::vector<size_t>& indexes = c.by_category[cat.code];
    for (int i = 0; i < count; ++i) {
      ProductPlan pp;
      pp.sku = absl::StrFormat("DEMO-%s-%03d", cat.abbr, i + 1);
      const size_t nb = cat.brands.size();
      const size_t ni = cat.items.size();
      pp.display_name = absl::StrCat(cat.brands[i % nb], " ", cat.items[(i / nb) % ni], " ",
                                     cat.variants[(i / (nb * ni) + i) % cat.variants.size()]);
      pp.category = cat.code;
      pp.unit = cat.unit;
      pp.max_quantity = cat.max_quantity;
      // Log-uniform prices: many cheap items, a few expensive ones.
      const double yuan = cat.low_yuan * std::pow(cat.high_yuan / cat.low_yuan, rng.Uniform());
      pp.first_price = ShelfPrice(yuan, per_major);
      pp.first_cost = CostOf(rng, pp.first_price, cat.margin);
      // About one product in four changes price once during the history.
      if (rng.Chance(0.25) && history_days > 10) {
        pp.price_changes = true;
        pp.change_day = p.first + rng.Int(history_days / 10, history_days * 9 / 10);
        const double factor =
            rng.Chance(0.6) ? 1.03 + 0.1 * rng.Uniform() : 0.85 + 0.1 * rng.Uniform();
        pp.new_price = ShelfPrice(
            static_cast<double>(pp.first_price) / static_cast<double>(per_major) * factor,
            per_major);
        pp.new_cost = CostOf(rng, pp.new_price, cat.margin);
        if (pp.new_price == pp.first_price) pp.price_changes = false;
      }
      indexes.push_back(c.products.size());
      c.products.push_back(std::move(pp));
    }
    // Popularity order within the category: a fixed shuffle (Fisher-Yates with our draws).
    for (size_t i = indexes.size(); i > 1; --i) {
      std::swap(indexes[i - 1],
                indexes[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(i) - 1))]);
    }
  }
  ProductPlan& marker = c.completion_marker;
  marker.sku = "DEMO-GIFTCARD-500";
  marker.display_name = "Gift Card 500 yuan";
  marker.category = "gift-cards";
  marker.unit = "EA";
  marker.first_price = 500 * per_major;
  marker.first_cost = 500 * per_major;
  return c;
}

}  // namespace sales::demo

#include "tools/salesctl/analytics_flags.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/status.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {

void AddSliceFlags(CLI::App* cmd, SliceFlags& f) {
  cmd->add_option("--channel", f.channel,
                  "only this sales channel: " + EnumChoices<ov1::Channel>());
  cmd->add_option("--region", f.region, "only this region, e.g. north");
  cmd->add_option("--product", f.product, "only this product, products/{id}");
  cmd->add_option("--category", f.category, "only this product category, e.g. tea");
  cmd->add_option("--rep", f.rep, "only this rep's credit share, reps/{id}");
}

absl::StatusOr<av1::Slice> ReadSlice(const SliceFlags& f) {
  const std::pair<const char*, const std::string*> flags[] = {{"--channel", &f.channel},
                                                              {"--region", &f.region},
                                                              {"--product", &f.product},
                                                              {"--category", &f.category},
                                                              {"--rep", &f.rep}};
  av1::Slice slice;
  const char* given = nullptr;
  for (const auto& [flag, value] : flags) {
    if (value->empty()) continue;
    if (given != nullptr) {
      return InvalidField(flag, absl::StrCat("one slice at most; ", given, " was given too"));
    }
    given = flag;
  }
  if (!f.channel.empty()) {
    absl::StatusOr<ov1::Channel> channel = ParseEnum<ov1::Channel>("--channel", f.channel);
    if (!channel.ok()) return channel.status();
    slice.set_dimension(av1::SLICE_DIMENSION_CHANNEL);
    slice.set_member(ov1::Channel_Name(*channel));
  } else if (!f.region.empty()) {
    slice.set_dimension(av1::SLICE_DIMENSION_REGION);
    slice.set_member(f.region);
  } else if (!f.product.empty()) {
    slice.set_dimension(av1::SLICE_DIMENSION_PRODUCT);
    slice.set_member(ResourceName("products", f.product));
  } else if (!f.category.empty()) {
    slice.set_dimension(av1::SLICE_DIMENSION_CATEGORY);
    slice.set_member(f.category);
  } else if (!f.rep.empty()) {
    slice.set_dimension(av1::SLICE_DIMENSION_REP);
    // Rep ids are not numbers ("r-7"): any text without a collection is completed.
    slice.set_member(absl::StrContains(f.rep, "/") ? f.rep : absl::StrCat("reps/", f.rep));
  }
  return slice;
}

int ExponentOf(const std::string& currency_code) {
  absl::StatusOr<int> exponent = MinorUnitExponent(currency_code);
  return exponent.ok() ? *exponent : 0;
}

std::string FeedsText(const av1::Freshness& freshness) {
  return absl::StrCat("feeds: orders at ", freshness.orders_position(), ", customers at ",
                      freshness.customers_position());
}

}  // namespace sales::salesctl

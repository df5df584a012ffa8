#include "tools/demo/promotions_load.h"

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "google/protobuf/timestamp.pb.h"
#include "tools/demo/money.h"

namespace sales::demo {
namespace {

namespace ov1 = ::sales::orders::v1;

void SetTime(google::protobuf::Timestamp* ts, absl::Time t) {
  ts->set_seconds(absl::ToUnixSeconds(t));
  ts->set_nanos(0);
}

}  // namespace

absl::StatusOr<int64_t> LoadPromotions(const DemoOptions& options, Clients& clients,
                                       Progress& progress, std::vector<PromotionPlan>& promotions) {
  progress.Begin("promotions", static_cast<int64_t>(promotions.size()));
  RETURN_IF_ERROR(ParallelFor(promotions.size(), options.workers, [&](size_t i) -> absl::Status {
    PromotionPlan& pr = promotions[i];
    ov1::CreatePromotionRequest req;
    ov1::Promotion* m = req.mutable_promotion();
    m->set_code(pr.code);
    m->set_automatic(pr.code.empty());
    m->set_display_name(pr.display_name);
    m->set_kind(pr.kind);
    if (pr.percent_off_bp > 0) m->set_percent_off_bp(static_cast<int32_t>(pr.percent_off_bp));
    if (pr.kind == ov1::PROMOTION_KIND_ORDER_THRESHOLD) {
      SetMoney(m->mutable_amount_off(), options, pr.amount_off);
      SetMoney(m->mutable_threshold(), options, pr.threshold);
    }
    SetTime(m->mutable_start_time(), options.period.At(pr.first, 0));
    SetTime(m->mutable_end_time(), options.period.At(pr.last + 1, 0));
    for (const std::string& c : pr.categories) m->add_categories(c);
    req.set_request_id(RequestId(options, absl::StrCat("promo-", pr.key)));
    ov1::Promotion out;
    const grpc::Status status = CallWithRetry(
        [&](grpc::ClientContext* ctx) { return clients.orders->CreatePromotion(ctx, req, &out); });
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      return absl::FailedPreconditionError(absl::StrCat(
          "promotion code ", pr.code, " exists but was not created by a demo with seed ",
          options.seed, ": use an empty database"));
    }
    RETURN_IF_ERROR(FromGrpc(absl::StrCat("CreatePromotion ", pr.key), status));
    pr.name = out.name();
    progress.Add();
    return absl::OkStatus();
  }));
  progress.End();
  return static_cast<int64_t>(promotions.size());
}

}  // namespace sales::demo

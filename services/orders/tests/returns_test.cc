#include "services/orders/src/domain/returns.h"

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace sales::orders::domain {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

ChargedLine Charged(int64_t quantity, int64_t subtotal, int64_t discount, int64_t tax,
                    int64_t shipped = -1, int64_t returned = 0) {
  ChargedLine line;
  line.quantity = quantity;
  line.shipped_quantity = shipped < 0 ? quantity : shipped;
  line.returned_quantity = returned;
  line.subtotal_minor = subtotal;
  line.discount_minor = discount;
  line.tax_minor = tax;
  return line;
}

TEST(ReturnStatusTest, FullTransitionMatrix) {
  // Written out by hand from the ReturnStatus comment in return.proto.
  constexpr ReturnStatus kAll[] = {ReturnStatus::kRequested, ReturnStatus::kReceived,
                                   ReturnStatus::kResolved, ReturnStatus::kRejected};
  //                              REQ    RECV   RESV   REJ
  constexpr bool kAllowed[4][4] = {{false, true, false, true},
                                   {false, false, true, false},
                                   {false, false, false, false},
                                   {false, false, false, false}};
  for (int f = 0; f < 4; ++f) {
    for (int t = 0; t < 4; ++t) {
      const absl::Status status = CheckReturnTransition(kAll[f], kAll[t]);
      if (kAllowed[f][t]) {
        EXPECT_TRUE(status.ok()) << status;
      } else {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(status.message(), "cannot move return from " +
                                        std::string(ReturnStatusName(kAll[f])) + " to " +
                                        std::string(ReturnStatusName(kAll[t])));
      }
    }
  }
  EXPECT_EQ(ReturnStatusName(ReturnStatus::kRejected), "RETURN_STATUS_REJECTED");
  EXPECT_EQ(static_cast<int>(ReturnStatus::kRejected), 4);
  // A return whose goods came back can no longer be rejected.
  EXPECT_EQ(CheckReturnTransition(ReturnStatus::kReceived, ReturnStatus::kRejected).message(),
            "cannot move return from RETURN_STATUS_RECEIVED to RETURN_STATUS_REJECTED");
}

TEST(ReturnableTest, QuantityMustBePositive) {
  const ChargedLine line = Charged(5, 5000, 0, 0);
  for (int64_t quantity : {int64_t{0}, int64_t{-1}, std::numeric_limits<int64_t>::min()}) {
    const absl::Status status = CheckReturnable("return.lines[0].quantity", 1, line, quantity);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << quantity;
    EXPECT_EQ(status.message(), "return.lines[0].quantity: must be at least 1");
  }
}

TEST(ReturnableTest, AtMostDeliveredMinusReturned) {
  // 5 delivered, 3 returned or requested already: 2 may come back.
  const ChargedLine line = Charged(5, 5000, 0, 0, 5, 3);
  EXPECT_TRUE(CheckReturnable("q", 4, line, 1).ok());
  EXPECT_TRUE(CheckReturnable("q", 4, line, 2).ok());
  const absl::Status status = CheckReturnable("q", 4, line, 3);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "line 4: 3 units requested, 2 returnable");
}

TEST(ReturnableTest, OnlyDeliveredUnitsCount) {
  // 5 ordered, 3 delivered: the 2 others cannot come back.
  const ChargedLine line = Charged(5, 5000, 0, 0, 3, 0);
  EXPECT_TRUE(CheckReturnable("q", 1, line, 3).ok());
  EXPECT_EQ(CheckReturnable("q", 1, line, 4).message(), "line 1: 4 units requested, 3 returnable");
}

TEST(ReturnableTest, NothingLeftToReturn) {
  const ChargedLine all_back = Charged(2, 2000, 0, 0, 2, 2);
  EXPECT_EQ(CheckReturnable("q", 2, all_back, 1).message(),
            "line 2: 1 units requested, 0 returnable");
  const ChargedLine nothing_delivered = Charged(2, 2000, 0, 0, 0, 0);
  EXPECT_EQ(CheckReturnable("q", 3, nothing_delivered, 1).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ReturnWindowTest, EdgesOfTheWindow) {
  const absl::Time delivered = absl::FromUnixSeconds(1'700'000'000);  // 2023-11-14T22:13:20Z
  const absl::Duration window = absl::Hours(24 * 30);
  const absl::Time end = delivered + window;
  EXPECT_TRUE(CheckReturnWindow(delivered, window, delivered).ok());
  EXPECT_TRUE(CheckReturnWindow(delivered, window, delivered + absl::Hours(24)).ok());
  EXPECT_TRUE(CheckReturnWindow(delivered, window, end - absl::Microseconds(1)).ok());
  EXPECT_TRUE(CheckReturnWindow(delivered, window, end).ok());  // exactly at the end
  const absl::Status late = CheckReturnWindow(delivered, window, end + absl::Microseconds(1));
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(late.message(),
            "return window closed: delivered at 2023-11-14T22:13:20+00:00, returns accepted "
            "until 2023-12-14T22:13:20+00:00");
  EXPECT_EQ(CheckReturnWindow(delivered, window, end + absl::Hours(24 * 365)).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ReturnWindowTest, ZeroWindowAcceptsOnlyTheDeliveryInstant) {
  const absl::Time delivered = absl::FromUnixMicros(1'700'000'000'123'456);
  EXPECT_TRUE(CheckReturnWindow(delivered, absl::ZeroDuration(), delivered).ok());
  EXPECT_FALSE(
      CheckReturnWindow(delivered, absl::ZeroDuration(), delivered + absl::Microseconds(1)).ok());
}

TEST(RefundTest, WholeLineRefundsTheLineTotal) {
  // 2 x 1000, 200 off, 108 tax: the customer paid 1908.
  const ChargedLine line = Charged(2, 2000, 200, 108);
  EXPECT_EQ(RefundFor(line, 0, 2), 1908);
  EXPECT_EQ(RefundTaxFor(line, 0, 2), 108);
  EXPECT_EQ(RefundFor(line, 0, 1), 954);
  EXPECT_EQ(RefundFor(line, 1, 1), 954);
}

TEST(RefundTest, RemainderGoesToTheLastUnits) {
  // 1000 paid for 3 units: 333, 333, then 334.
  const ChargedLine line = Charged(3, 1000, 0, 0);
  EXPECT_EQ(RefundFor(line, 0, 1), 333);
  EXPECT_EQ(RefundFor(line, 1, 1), 333);
  EXPECT_EQ(RefundFor(line, 2, 1), 334);
  EXPECT_EQ(RefundFor(line, 0, 2), 666);
  EXPECT_EQ(RefundFor(line, 2, 1) + RefundFor(line, 0, 2), 1000);
  EXPECT_EQ(RefundFor(line, 1, 2), 667);
}

TEST(RefundTest, SeveralReturnsAddUpToTheLineTotal) {
  // 2000 - 200 + 108 = 1908 for 7 units (272.57 each). F(n) = floor(1908 n / 7):
  // 272, 545, 817, 1090, 1362, 1635, 1908.
  const ChargedLine line = Charged(7, 2000, 200, 108);
  EXPECT_EQ(RefundFor(line, 0, 2), 545);
  EXPECT_EQ(RefundFor(line, 2, 2), 545);
  EXPECT_EQ(RefundFor(line, 4, 3), 818);
  // Unit by unit: 272, 273, 272, 273, 272, 273, 273.
  const std::vector<int64_t> per_unit = {272, 273, 272, 273, 272, 273, 273};
  int64_t sum = 0;
  for (int64_t k = 0; k < 7; ++k) {
    EXPECT_EQ(RefundFor(line, k, 1), per_unit[k]) << k;
    sum += RefundFor(line, k, 1);
  }
  EXPECT_EQ(sum, 1908);
  // The tax part: floor(108 n / 7) = 15, 30, 46, 61, 77, 92, 108.
  EXPECT_EQ(RefundTaxFor(line, 0, 2), 30);
  EXPECT_EQ(RefundTaxFor(line, 2, 5), 78);
  EXPECT_EQ(RefundTaxFor(line, 6, 1), 16);
}

TEST(RefundTest, EverySplitOfALineAddsUpAndStaysProRata) {
  // For each line and every way to return it in consecutive returns (compositions of the
  // quantity), the refunds sum to what was paid, and each is within one minor unit of its
  // exact pro-rata share.
  for (const ChargedLine& line :
       {Charged(1, 999, 0, 0), Charged(4, 1001, 3, 0), Charged(6, 59994, 777, 4137),
        Charged(5, 7, 0, 0), Charged(6, 12, 12, 0)}) {
    const int64_t paid = line.subtotal_minor - line.discount_minor + line.tax_minor;
    const int64_t q = line.quantity;
    for (int64_t mask = 0; mask < (int64_t{1} << (q - 1)); ++mask) {
      int64_t refunded = 0, tax = 0, returned = 0, size = 1;
      for (int64_t unit = 1; unit <= q; ++unit) {
        const bool cut = unit == q || ((mask >> (unit - 1)) & 1);
        if (!cut) {
          ++size;
          continue;
        }
        const int64_t refund = RefundFor(line, returned, size);
        EXPECT_LT(std::llabs(refund * q - paid * size), q)
            << paid << " " << returned << "+" << size;
        refunded += refund;
        tax += RefundTaxFor(line, returned, size);
        returned += size;
        size = 1;
      }
      EXPECT_EQ(returned, q);
      EXPECT_EQ(refunded, paid) << "paid " << paid << " mask " << mask;
      EXPECT_EQ(tax, line.tax_minor);
    }
  }
}

TEST(RefundTest, NothingBeyondTheLine) {
  const ChargedLine line = Charged(7, 2000, 200, 108);
  EXPECT_EQ(RefundFor(line, 6, 5), 273);  // only 1 unit was left
  EXPECT_EQ(RefundFor(line, 7, 1), 0);
  EXPECT_EQ(RefundFor(line, 0, 0), 0);
  EXPECT_EQ(RefundFor(line, 0, -1), 0);
  EXPECT_EQ(RefundFor(Charged(0, 0, 0, 0), 0, 1), 0);
}

TEST(RefundTest, FullyDiscountedLineRefundsNothing) {
  const ChargedLine line = Charged(3, 3000, 3000, 0);
  EXPECT_EQ(RefundFor(line, 0, 3), 0);
  EXPECT_EQ(RefundFor(line, 0, 1), 0);
}

TEST(RefundTest, LargeAmountsDoNotOverflow) {
  const ChargedLine line = Charged(1'000'000, kMax, 0, 0);
  EXPECT_EQ(RefundFor(line, 0, 1), kMax / 1'000'000);
  EXPECT_EQ(RefundFor(line, 0, 999'999) + RefundFor(line, 999'999, 1), kMax);
  EXPECT_EQ(RefundFor(line, 0, 1'000'000), kMax);
}

}  // namespace
}  // namespace sales::orders::domain

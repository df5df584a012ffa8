// The revenue bridge: the change of revenue between a base period and a current one,
// decomposed into new customers, lost customers, and, for the customers buying in both,
// price, volume and mix (price-volume-mix analysis), in integer minor units that add up
// exactly to the change.
#pragma once

#include <cstdint>
#include <vector>

namespace sales::analytics::domain {

// One customer's purchases of one product in one period, net of returns.
struct SalesCell {
  int64_t customer_id = 0;
  int64_t product_id = 0;
  int64_t units = 0;
  int64_t revenue_minor = 0;
};

struct RevenueBridge {
  int64_t base_revenue_minor = 0;
  int64_t current_revenue_minor = 0;
  int64_t change_minor = 0;  // current - base = the sum of the five effects below
  // Revenue in the current period of customers who bought nothing in the base period.
  int64_t new_customers_minor = 0;
  // Minus the base-period revenue of customers who bought nothing in the current period.
  int64_t lost_customers_minor = 0;
  // For the customers buying in both periods ("retained"), by product p, with U units, R
  // revenue, P = R / U the average price, P̄ = R / U over all products, A base, B current:
  // price  = Σ_p (P_B,p - P_A,p) U_B,p, each product's term rounded half away from zero;
  // volume = (U_B - U_A) P̄_A, rounded half away from zero (0 when U_A is 0);
  // mix    = the rest of the retained customers' change: Σ_p U_B,p (P_A,p - P̄_A) before
  //          rounding, and so it absorbs the rounding of price and volume.
  // A product without base-period units is priced at its current price (no price effect);
  // one without current units has none either.
  int64_t price_minor = 0;
  int64_t volume_minor = 0;
  int64_t mix_minor = 0;
};

RevenueBridge BridgeRevenue(const std::vector<SalesCell>& base,
                            const std::vector<SalesCell>& current);

}  // namespace sales::analytics::domain

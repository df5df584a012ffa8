#include "services/customers/src/domain/customer_lifecycle.h"

#include "gtest/gtest.h"
#include "services/customers/src/domain/validation.h"

namespace sales::customers::domain {
namespace {

TEST(CustomerLifecycleTest, ArchiveUnarchiveAndEraseFollowTheTable) {
  EXPECT_TRUE(
      CheckCustomerTransition("customers/1", CustomerState::kActive, CustomerState::kArchived)
          .ok());
  EXPECT_TRUE(
      CheckCustomerTransition("customers/1", CustomerState::kArchived, CustomerState::kActive)
          .ok());
  EXPECT_TRUE(
      CheckCustomerTransition("customers/1", CustomerState::kActive, CustomerState::kErased).ok());
  EXPECT_TRUE(
      CheckCustomerTransition("customers/1", CustomerState::kArchived, CustomerState::kErased)
          .ok());
}

TEST(CustomerLifecycleTest, RefusedMovesNameBothStates) {
  const absl::Status unarchive_active =
      CheckCustomerTransition("customers/1", CustomerState::kActive, CustomerState::kActive);
  EXPECT_EQ(unarchive_active.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(unarchive_active.message().find("from CUSTOMER_STATE_ACTIVE to CUSTOMER_STATE_ACTIVE"),
            std::string::npos);
  const absl::Status from_erased =
      CheckCustomerTransition("customers/1", CustomerState::kErased, CustomerState::kActive);
  EXPECT_EQ(from_erased.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(from_erased.message().find("CUSTOMER_STATE_ERASED to CUSTOMER_STATE_ACTIVE"),
            std::string::npos);
  EXPECT_FALSE(
      CheckCustomerTransition("customers/1", CustomerState::kArchived, CustomerState::kArchived)
          .ok());
}

TEST(CustomerLifecycleTest, OnlyActiveProfilesAreEditable) {
  EXPECT_TRUE(CheckProfileEditable("customers/1", CustomerState::kActive).ok());
  EXPECT_NE(
      CheckProfileEditable("customers/1", CustomerState::kArchived).message().find("archived"),
      std::string::npos);
  EXPECT_EQ(CheckProfileEditable("customers/1", CustomerState::kErased).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      CheckNoPersonalTextForErased("customers/1", CustomerState::kErased, "notes", "hi").code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(
      CheckNoPersonalTextForErased("customers/1", CustomerState::kErased, "notes", "").ok());
}

TEST(CustomerLifecycleTest, ErasedProfileKeepsNoPersonalData) {
  const PersonalProfile erased = ErasedProfile();
  EXPECT_EQ(erased.display_name, "[erased]");
  EXPECT_TRUE(erased.email.empty());
  EXPECT_TRUE(erased.phone.empty());
  EXPECT_TRUE(erased.tags.empty());
}

TEST(CustomerLifecycleTest, ErasureRequestNeedsWhoAndWhy) {
  EXPECT_TRUE(ValidateErasureRequest("users/dpo-1", "GDPR art. 17", "").ok());
  EXPECT_EQ(ValidateErasureRequest("", "GDPR art. 17", "").message().rfind("requested_by", 0), 0u);
  EXPECT_EQ(ValidateErasureRequest("users/dpo-1", " ", "").message().rfind("legal_basis", 0), 0u);
  EXPECT_EQ(ValidateErasureRequest("users/dpo-1", "PIPL art. 47", std::string(501, 'x'))
                .message()
                .rfind("reason", 0),
            0u);
}

TEST(ValidateOptionalDateTest, AcceptsRealDatesOnly) {
  EXPECT_TRUE(ValidateOptionalDate("d", "").ok());
  EXPECT_TRUE(ValidateOptionalDate("d", "2026-12-31").ok());
  EXPECT_TRUE(ValidateOptionalDate("d", "2028-02-29").ok());
  for (const char* bad : {"2027-02-29", "2026-13-01", "2026-1-01", "1999-01-01", "2026/01/01",
                          "2026-01-00", "2026-04-31"}) {
    EXPECT_EQ(ValidateOptionalDate("lead.expected_close_date", bad).code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

}  // namespace
}  // namespace sales::customers::domain

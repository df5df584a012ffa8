#include "services/customers/src/domain/names.h"

#include <cstdint>
#include <limits>
#include <string>

#include "gtest/gtest.h"

namespace sales::customers::domain {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

void ExpectInvalid(const absl::Status& status, std::string_view message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(std::string(status.message()), message);
}

TEST(NamesTest, ParseCustomerName) {
  EXPECT_EQ(ParseCustomerName("name", "customers/1").value(), 1);
  EXPECT_EQ(ParseCustomerName("name", "customers/42").value(), 42);
  EXPECT_EQ(ParseCustomerName("name", "customers/9223372036854775807").value(), kMax);
  for (const char* bad : {"",
                          "customers",
                          "customers/",
                          "customers/0",
                          "customers/01",
                          "customers/-1",
                          "customers/+1",
                          "customers/9223372036854775808",
                          "customers/99999999999999999999",
                          "customers/1/",
                          "customers/1x",
                          "customers/ 1",
                          "customers/1 ",
                          "Customers/1",
                          "leads/1",
                          "customers//1",
                          "/customers/1",
                          "customers/1/contacts/2",
                          "customers/0x10",
                          "customers/1.0"}) {
    ExpectInvalid(ParseCustomerName("name", bad).status(), "name: must look like customers/{id}");
  }
}

TEST(NamesTest, ParseLeadAndInteractionNames) {
  EXPECT_EQ(ParseLeadName("name", "leads/7").value(), 7);
  ExpectInvalid(ParseLeadName("name", "leads/0").status(), "name: must look like leads/{id}");
  ExpectInvalid(ParseLeadName("name", "customers/7").status(), "name: must look like leads/{id}");
  EXPECT_EQ(ParseInteractionName("name", "interactions/9").value(), 9);
  ExpectInvalid(ParseInteractionName("name", "interactions/007").status(),
                "name: must look like interactions/{id}");
}

TEST(NamesTest, ParseContactName) {
  EXPECT_EQ(ParseContactName("name", "customers/3/contacts/7").value(), (ContactId{3, 7}));
  for (const char* bad :
       {"customers/3/contacts", "customers/3/contacts/", "customers/3/contacts/0",
        "customers/3/contact/7", "customers/3/contacts/7/x", "customers/x/contacts/7",
        "customers/3", "contacts/7", "customers/0/contacts/7"}) {
    ExpectInvalid(ParseContactName("name", bad).status(),
                  "name: must look like customers/{id}/contacts/{id}");
  }
}

TEST(NamesTest, ParseLoyaltyAccountName) {
  EXPECT_EQ(ParseLoyaltyAccountName("account", "customers/5/loyaltyAccount").value(), 5);
  for (const char* bad :
       {"customers/5", "customers/5/loyaltyaccount", "customers/5/loyaltyAccount/1",
        "customers/0/loyaltyAccount", "loyaltyAccount"}) {
    ExpectInvalid(ParseLoyaltyAccountName("account", bad).status(),
                  "account: must look like customers/{id}/loyaltyAccount");
  }
}

TEST(NamesTest, ParseSubject) {
  EXPECT_EQ(ParseSubject("subject", "customers/5").value(), (Subject{Subject::kCustomer, 5}));
  EXPECT_EQ(ParseSubject("subject", "leads/6").value(), (Subject{Subject::kLead, 6}));
  for (const char* bad : {"", "interactions/1", "leads/", "customers/-5", "leads/6/x"}) {
    ExpectInvalid(ParseSubject("interaction.subject", bad).status(),
                  "interaction.subject: must look like customers/{id} or leads/{id}");
  }
}

TEST(NamesTest, Formatters) {
  EXPECT_EQ(CustomerName(42), "customers/42");
  EXPECT_EQ(LeadName(7), "leads/7");
  EXPECT_EQ(ContactName(3, 9), "customers/3/contacts/9");
  EXPECT_EQ(InteractionName(11), "interactions/11");
  EXPECT_EQ(SurveyResponseName(12), "surveyResponses/12");
  EXPECT_EQ(PointEntryName(3, 13), "customers/3/pointEntries/13");
  EXPECT_EQ(LoyaltyAccountName(3), "customers/3/loyaltyAccount");
  EXPECT_EQ(SubjectName(Subject{Subject::kLead, 4}), "leads/4");
  EXPECT_EQ(SubjectName(Subject{Subject::kCustomer, 4}), "customers/4");
}

TEST(NamesTest, RoundTrips) {
  for (int64_t id : {int64_t{1}, int64_t{1234567890123}, kMax}) {
    EXPECT_EQ(ParseCustomerName("n", CustomerName(id)).value(), id);
    EXPECT_EQ(ParseLeadName("n", LeadName(id)).value(), id);
    EXPECT_EQ(ParseInteractionName("n", InteractionName(id)).value(), id);
    EXPECT_EQ(ParseLoyaltyAccountName("n", LoyaltyAccountName(id)).value(), id);
    EXPECT_EQ(ParseContactName("n", ContactName(id, 2)).value(), (ContactId{id, 2}));
  }
}

}  // namespace
}  // namespace sales::customers::domain

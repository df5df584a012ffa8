// The gRPC face of the customers service: each method hands its request to the handler
// that owns it, through RpcObserver (deadline, status mapping, log line, metrics).
#pragma once

#include "common/server/rpc_observer.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"
#include "services/customers/src/api/customer_handlers.h"
#include "services/customers/src/api/engagement_handlers.h"
#include "services/customers/src/api/handler_context.h"
#include "services/customers/src/api/import_handlers.h"
#include "services/customers/src/api/lead_handlers.h"
#include "services/customers/src/api/loyalty_handlers.h"
#include "services/customers/src/api/referral_handlers.h"

namespace sales::customers::api {

class CustomersService final
    : public v1::CustomersService::WithCallbackMethod_GetCustomer<v1::CustomersService::Service> {
 public:
  CustomersService(const HandlerContext& ctx, RpcObserver& observer);

#define SALES_CUSTOMERS_RPC(Method, Request, Response)                          \
  grpc::Status Method(grpc::ServerContext* context, const v1::Request* request, \
                      v1::Response* response) override;
  SALES_CUSTOMERS_RPC(CreateCustomer, CreateCustomerRequest, Customer)
  SALES_CUSTOMERS_RPC(ListCustomers, ListCustomersRequest, ListCustomersResponse)
  SALES_CUSTOMERS_RPC(UpdateCustomer, UpdateCustomerRequest, Customer)
  SALES_CUSTOMERS_RPC(ArchiveCustomer, ArchiveCustomerRequest, Customer)
  SALES_CUSTOMERS_RPC(UnarchiveCustomer, UnarchiveCustomerRequest, Customer)
  SALES_CUSTOMERS_RPC(BatchCreateCustomers, BatchCreateCustomersRequest,
                      BatchCreateCustomersResponse)
  SALES_CUSTOMERS_RPC(ErasePersonalData, ErasePersonalDataRequest, ErasePersonalDataResponse)
  SALES_CUSTOMERS_RPC(UpdateContact, UpdateContactRequest, Contact)
  SALES_CUSTOMERS_RPC(UpdateLead, UpdateLeadRequest, Lead)
  SALES_CUSTOMERS_RPC(CreateContact, CreateContactRequest, Contact)
  SALES_CUSTOMERS_RPC(ListContacts, ListContactsRequest, ListContactsResponse)
  SALES_CUSTOMERS_RPC(DeleteContact, DeleteContactRequest, DeleteContactResponse)
  SALES_CUSTOMERS_RPC(CreateLead, CreateLeadRequest, Lead)
  SALES_CUSTOMERS_RPC(GetLead, GetLeadRequest, Lead)
  SALES_CUSTOMERS_RPC(ListLeads, ListLeadsRequest, ListLeadsResponse)
  SALES_CUSTOMERS_RPC(ChangeLeadStage, ChangeLeadStageRequest, Lead)
  SALES_CUSTOMERS_RPC(ConvertLead, ConvertLeadRequest, ConvertLeadResponse)
  SALES_CUSTOMERS_RPC(CreateInteraction, CreateInteractionRequest, Interaction)
  SALES_CUSTOMERS_RPC(ListInteractions, ListInteractionsRequest, ListInteractionsResponse)
  SALES_CUSTOMERS_RPC(ResolveComplaint, ResolveComplaintRequest, Interaction)
  SALES_CUSTOMERS_RPC(CreateSurveyResponse, CreateSurveyResponseRequest, SurveyResponse)
  SALES_CUSTOMERS_RPC(ListSurveyResponses, ListSurveyResponsesRequest, ListSurveyResponsesResponse)
  SALES_CUSTOMERS_RPC(GetSatisfactionSummary, GetSatisfactionSummaryRequest, SatisfactionSummary)
  SALES_CUSTOMERS_RPC(GetLoyaltyAccount, GetLoyaltyAccountRequest, LoyaltyAccount)
  SALES_CUSTOMERS_RPC(EarnPoints, EarnPointsRequest, PointEntry)
  SALES_CUSTOMERS_RPC(RedeemPoints, RedeemPointsRequest, PointEntry)
  SALES_CUSTOMERS_RPC(ExpirePoints, ExpirePointsRequest, PointEntry)
  SALES_CUSTOMERS_RPC(AdjustPoints, AdjustPointsRequest, PointEntry)
  SALES_CUSTOMERS_RPC(ListPointEntries, ListPointEntriesRequest, ListPointEntriesResponse)
  SALES_CUSTOMERS_RPC(ListTiers, ListTiersRequest, ListTiersResponse)
  SALES_CUSTOMERS_RPC(GetReferralStats, GetReferralStatsRequest, ReferralStats)
  SALES_CUSTOMERS_RPC(ListReferralStats, ListReferralStatsRequest, ListReferralStatsResponse)
#undef SALES_CUSTOMERS_RPC
  // On the callback API: answered on the reader's loop thread (CustomerHandlers::GetAsync).
  grpc::ServerUnaryReactor* GetCustomer(grpc::CallbackServerContext* context,
                                        const v1::GetCustomerRequest* request,
                                        v1::Customer* response) override;
  grpc::Status ImportCustomerHistory(grpc::ServerContext* context,
                                     grpc::ServerReader<v1::ImportCustomerHistoryRequest>* reader,
                                     v1::ImportCustomerHistoryResponse* response) override;

 private:
  RpcObserver& observer_;
  CustomerHandlers customers_;
  LeadHandlers leads_;
  EngagementHandlers engagement_;
  LoyaltyHandlers loyalty_;
  ReferralHandlers referrals_;
  ImportHandlers imports_;
};

}  // namespace sales::customers::api

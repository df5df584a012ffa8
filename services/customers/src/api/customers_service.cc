#include "services/customers/src/api/customers_service.h"

namespace sales::customers::api {

CustomersService::CustomersService(const HandlerContext& ctx, RpcObserver& observer)
    : observer_(observer),
      customers_(ctx),
      leads_(ctx),
      engagement_(ctx),
      loyalty_(ctx),
      referrals_(ctx),
      imports_(ctx) {}

// Each method: name, the request's request_id (or "" for reads), the handler call.
#define SALES_SERVE(Method, Request, Response, request_id, handler_call)                      \
  grpc::Status CustomersService::Method(grpc::ServerContext* context, const v1::Request* req, \
                                        v1::Response* response) {                             \
    return observer_.Serve(context, #Method, request_id, response,                            \
                           [&](absl::Time deadline) { return handler_call; });                \
  }

SALES_SERVE(CreateCustomer, CreateCustomerRequest, Customer, req->request_id(),
            customers_.Create(*req, deadline))

grpc::ServerUnaryReactor* CustomersService::GetCustomer(grpc::CallbackServerContext* context,
                                                        const v1::GetCustomerRequest* req,
                                                        v1::Customer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const RpcObserver::CallbackCall call = observer_.Begin(context);
  auto finish = [this, reactor, response, call](absl::StatusOr<v1::Customer> result) {
    absl::Status status = result.status();
    if (result.ok()) *response = *std::move(result);
    reactor->Finish(observer_.End("GetCustomer", "", std::move(status), call));
  };
  if (call.ready) {
    customers_.GetAsync(*req, call.deadline, std::move(finish));
  } else {
    finish(v1::Customer());  // End answers UNAVAILABLE
  }
  return reactor;
}

SALES_SERVE(ListCustomers, ListCustomersRequest, ListCustomersResponse, "",
            customers_.List(*req, deadline))
SALES_SERVE(UpdateCustomer, UpdateCustomerRequest, Customer, req->request_id(),
            customers_.Update(*req, deadline))
SALES_SERVE(ArchiveCustomer, ArchiveCustomerRequest, Customer, req->request_id(),
            customers_.Archive(*req, deadline))
SALES_SERVE(UnarchiveCustomer, UnarchiveCustomerRequest, Customer, req->request_id(),
            customers_.Unarchive(*req, deadline))
// Each item carries its own request_id; the batch as a whole has none.
SALES_SERVE(BatchCreateCustomers, BatchCreateCustomersRequest, BatchCreateCustomersResponse, "",
            customers_.BatchCreate(*req, deadline))
SALES_SERVE(ErasePersonalData, ErasePersonalDataRequest, ErasePersonalDataResponse,
            req->request_id(), customers_.ErasePersonalData(*req, deadline))
SALES_SERVE(UpdateContact, UpdateContactRequest, Contact, req->request_id(),
            customers_.UpdateContact(*req, deadline))
SALES_SERVE(UpdateLead, UpdateLeadRequest, Lead, req->request_id(), leads_.Update(*req, deadline))
SALES_SERVE(CreateContact, CreateContactRequest, Contact, req->request_id(),
            customers_.CreateContact(*req, deadline))
SALES_SERVE(ListContacts, ListContactsRequest, ListContactsResponse, "",
            customers_.ListContacts(*req, deadline))
SALES_SERVE(DeleteContact, DeleteContactRequest, DeleteContactResponse, req->request_id(),
            customers_.DeleteContact(*req, deadline))
SALES_SERVE(CreateLead, CreateLeadRequest, Lead, req->request_id(), leads_.Create(*req, deadline))
SALES_SERVE(GetLead, GetLeadRequest, Lead, "", leads_.Get(*req, deadline))
SALES_SERVE(ListLeads, ListLeadsRequest, ListLeadsResponse, "", leads_.List(*req, deadline))
SALES_SERVE(ChangeLeadStage, ChangeLeadStageRequest, Lead, req->request_id(),
            leads_.ChangeStage(*req, deadline))
SALES_SERVE(ConvertLead, ConvertLeadRequest, ConvertLeadResponse, req->request_id(),
            leads_.Convert(*req, deadline))
SALES_SERVE(CreateInteraction, CreateInteractionRequest, Interaction, req->request_id(),
            engagement_.CreateInteraction(*req, deadline))
SALES_SERVE(ListInteractions, ListInteractionsRequest, ListInteractionsResponse, "",
            engagement_.ListInteractions(*req, deadline))
SALES_SERVE(ResolveComplaint, ResolveComplaintRequest, Interaction, req->request_id(),
            engagement_.ResolveComplaint(*req, deadline))
SALES_SERVE(CreateSurveyResponse, CreateSurveyResponseRequest, SurveyResponse, req->request_id(),
            engagement_.CreateSurveyResponse(*req, deadline))
SALES_SERVE(ListSurveyResponses, ListSurveyResponsesRequest, ListSurveyResponsesResponse, "",
            engagement_.ListSurveyResponses(*req, deadline))
SALES_SERVE(GetSatisfactionSummary, GetSatisfactionSummaryRequest, SatisfactionSummary, "",
            engagement_.GetSatisfactionSummary(*req, deadline))
SALES_SERVE(GetLoyaltyAccount, GetLoyaltyAccountRequest, LoyaltyAccount, "",
            loyalty_.GetAccount(*req, deadline))
SALES_SERVE(EarnPoints, EarnPointsRequest, PointEntry, req->request_id(),
            loyalty_.Earn(*req, deadline))
SALES_SERVE(RedeemPoints, RedeemPointsRequest, PointEntry, req->request_id(),
            loyalty_.Redeem(*req, deadline))
SALES_SERVE(ExpirePoints, ExpirePointsRequest, PointEntry, req->request_id(),
            loyalty_.Expire(*req, deadline))
SALES_SERVE(AdjustPoints, AdjustPointsRequest, PointEntry, req->request_id(),
            loyalty_.Adjust(*req, deadline))
SALES_SERVE(ListPointEntries, ListPointEntriesRequest, ListPointEntriesResponse, "",
            loyalty_.ListEntries(*req, deadline))
SALES_SERVE(ListTiers, ListTiersRequest, ListTiersResponse, "",
            ((void)deadline, loyalty_.ListTiers(*req)))
SALES_SERVE(GetReferralStats, GetReferralStatsRequest, ReferralStats, "",
            referrals_.GetStats(*req, deadline))
SALES_SERVE(ListReferralStats, ListReferralStatsRequest, ListReferralStatsResponse, "",
            referrals_.ListStats(*req, deadline))
#undef SALES_SERVE

grpc::Status CustomersService::ImportCustomerHistory(
    grpc::ServerContext* context, grpc::ServerReader<v1::ImportCustomerHistoryRequest>* reader,
    v1::ImportCustomerHistoryResponse* response) {
  return observer_.Serve(context, "ImportCustomerHistory", "", response, [&](absl::Time deadline) {
    return imports_.ImportCustomerHistory(
        [reader](v1::ImportCustomerHistoryRequest* next) { return reader->Read(next); }, deadline);
  });
}

}  // namespace sales::customers::api

// Provider-side private endpoint connections (SEMANTICS.md section 8.4): the connection list of
// a storage account, SQL server, key vault, Cosmos DB account, Event Hubs or Service Bus
// namespace or private link service is owned by the workflow. Its owner may approve or reject
// a connection, or delete it; the consumer private endpoint shows the same state (Disconnected
// once deleted).
#include "control/handlers/private_link_connections.h"

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"

namespace vnet::control::handlers {

namespace {

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

Json StoredConnections(const PutContext& ctx) {
  if (!ctx.existing) return Json::array();
  const Json* list = Get(ctx.existing->body["properties"], "privateEndpointConnections");
  return list && list->is_array() ? *list : Json::array();
}

std::string StateOf(const Json& connection) {
  const Json* state = Get(PropsOf(connection), "privateLinkServiceConnectionState");
  return state ? GetString(*state, "status") : "";
}

}  // namespace

void SetConsumerState(Txn& txn, const std::string& private_endpoint_id, const std::string& status,
                      const std::string& description) {
  Result<arm::ResourceId> pe_id = arm::ResourceId::Parse(private_endpoint_id);
  if (!pe_id.ok()) return;
  const Doc* pe = txn.Find(*pe_id);
  if (!pe) return;
  Doc copy = *pe;
  for (const char* list :
       {"privateLinkServiceConnections", "manualPrivateLinkServiceConnections"}) {
    Json& props = copy.body["properties"];
    if (!props.contains(list) || !props[list].is_array()) continue;
    for (Json& c : props[list]) {
      Json& state = c["properties"]["privateLinkServiceConnectionState"];
      state["status"] = status;
      state["description"] = description;
      if (!state.contains("actionsRequired")) state["actionsRequired"] = "None";
    }
  }
  txn.Put(std::move(copy));
}

void ReconcilePrivateEndpointConnections(PutContext& ctx, bool spelling_action_required) {
  Json& props = ctx.doc["properties"];
  if (ctx.child_type != "privateEndpointConnections") {
    // A PUT of the resource itself: the list is read-only there.
    // Storage accounts leave the list out while it is empty; the other providers show [].
    Json stored = StoredConnections(ctx);
    if (stored.empty() && spelling_action_required) {
      props.erase("privateEndpointConnections");
    } else {
      props["privateEndpointConnections"] = stored;
    }
    return;
  }
  const Json* old =
      ctx.existing ? FindInline(ctx.existing->body, "privateEndpointConnections", ctx.child_name)
                   : nullptr;
  if (!old) {
    ctx.problems.Add(Status::NotFound(
        "PrivateEndpointConnectionNotFound",
        "Private endpoint connection '" + ctx.child_name + "' of " + ctx.id.ToString() +
            " does not exist. Connections are created by private endpoints."));
    return;
  }
  const Json* pe_ref = Get(PropsOf(*old), "privateEndpoint");
  std::string pe_id = pe_ref ? GetString(*pe_ref, "id") : "";
  if (ctx.child_deleted) {
    SetConsumerState(ctx.txn, pe_id, "Disconnected",
                     "The private endpoint connection was deleted by the resource owner.");
    return;
  }
  Json* now = FindInline(ctx.doc, "privateEndpointConnections", ctx.child_name);
  Json requested = Get(PropsOf(*now), "privateLinkServiceConnectionState")
                       ? (*now)["properties"]["privateLinkServiceConnectionState"]
                       : Json::object();
  std::string old_status = StateOf(*old);
  std::string new_status = GetString(requested, "status", old_status);
  bool known = false;
  for (const char* s : {"Approved", "Rejected", "Pending", "Disconnected"}) {
    if (EqualsIgnoreCase(new_status, s)) {
      new_status = s;
      known = true;
    }
  }
  bool storage = spelling_action_required;
  if (!known || (new_status == "Pending" && old_status != "Pending") ||
      (new_status == "Disconnected")) {
    ctx.problems.Add(Invalid("InvalidValuesForRequestParameters",
                             "Values for request parameters are invalid: "
                             "privateLinkServiceConnectionState.status."));
    return;
  }
  if (old_status == "Rejected" && new_status == "Approved") {
    ctx.problems.Add(
        storage ? Invalid("InvalidValuesForRequestParameters",
                          "Values for request parameters are invalid: "
                          "privateLinkServiceConnectionState.status.")
                : Invalid("PrivateEndpointConnectionCannotBeApprovedAfterRejection",
                          "Private endpoint connection " + now->value("id", "") +
                              " in state Rejected cannot be changed to Approved. Delete and "
                              "recreate the private endpoint."));
    return;
  }
  if (storage && old_status == "Approved" && new_status == "Approved") {
    ctx.problems.Add(Invalid("InvalidValuesForRequestParameters",
                             "Values for request parameters are invalid: "
                             "privateLinkServiceConnectionState.status."));
    return;
  }
  // Only the state is writable: the rest of the connection stays as the workflow made it.
  std::string description = GetString(requested, "description");
  Json updated = *old;
  Json& state = updated["properties"]["privateLinkServiceConnectionState"];
  state["status"] = new_status;
  state["description"] = description;
  const char* actions = spelling_action_required ? "actionRequired" : "actionsRequired";
  if (!state.contains(actions)) state[actions] = "None";
  *now = updated;
  SetConsumerState(ctx.txn, pe_id, new_status, description);
}

}  // namespace vnet::control::handlers

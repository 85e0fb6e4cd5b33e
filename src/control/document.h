// Shaping of ARM documents: the generic fields every resource carries (id, name, type, location,
// etag, properties), ids of inline children, deterministic etags and GUIDs, and the ARM errors
// about ids and names.
#pragma once
#include <string>
#include <string_view>

#include "base/status.h"
#include "control/database.h"

namespace vnet::control {

// Fills id, name and type from `id`; lower-cases and checks location (top-level types);
// drops location for children; makes sure properties is an object. InvalidArgument
// (InvalidRequestContent / LocationRequired / InvalidResourceName) on a malformed document.
Status NormalizeDocument(const arm::ResourceId& id, const model::ResourceType& type, Json& doc);

// Gives each element of the document's inline child arrays its id and type; checks names and
// duplicates (InvalidResourceName / DuplicateResourceName).
Status NormalizeInlineChildren(const arm::ResourceId& id, const model::ResourceType& type,
                               Json& doc);

// Sets properties.provisioningState to "Succeeded" on the document and its inline children:
// every write completes before vnetd answers.
void MarkSucceeded(const model::ResourceType& type, Json& doc);

// Sets etag on the document and on its inline children (they share the parent's etag, as ARM's do).
void StampEtag(const model::ResourceType& type, const std::string& etag, Json& doc);

// W/"<guid>": deterministic for a key and revision.
std::string MakeEtag(std::string_view key, int64_t revision);
// A GUID-shaped string derived from `seed` (resourceGuid and the like): deterministic.
std::string MakeGuid(std::string_view seed);

// Finds the element named `name` (case-insensitive) in doc.properties[array]; nullptr if none.
Json* FindInline(Json& doc, std::string_view array, std::string_view name);
const Json* FindInline(const Json& doc, std::string_view array, std::string_view name);

// A body that cannot be read as the resource: Microsoft.Network answers InvalidRequestFormat
// with an InvalidJson detail; ARM's front door (other providers) InvalidRequestContent.
Status UnreadableBody(const arm::ResourceId& id, std::string detail);

// The ARM "not found" errors.
Status ResourceNotFound(const arm::ResourceId& id);
Status ResourceGroupNotFound(const arm::ResourceId& id);
Status ParentResourceNotFound(const arm::ResourceId& id);

// "Microsoft.Network/virtualNetworks" for an id, with the type's canonical spelling.
std::string CanonicalType(const arm::ResourceId& id);

}  // namespace vnet::control

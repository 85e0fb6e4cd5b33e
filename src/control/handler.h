// Handler: the rules of one resource type. The ResourceManager runs the generic ARM lifecycle
// (ids, names, locations, etags, inline children, preconditions) and calls the handler of the
// document's type to validate it, fill computed properties and make cross-resource writes.
#pragma once
#include <string>
#include <vector>

#include "base/status.h"
#include "control/database.h"

namespace vnet::control {

// Collects every problem of one request, so a user sees them all at once (ARM "details").
class Problems {
 public:
  void Add(Status s) {
    if (!s.ok()) list_.push_back(std::move(s));
  }
  bool empty() const { return list_.empty(); }
  // OK if empty; the first problem with the rest as details otherwise.
  Status ToStatus() const;

 private:
  std::vector<Status> list_;
};

struct PutContext {
  Txn& txn;
  const arm::ResourceId& id;  // the document's id (for an inline child: its parent's)
  Json& doc;                  // the proposed document, complete; the handler may change it
  const Doc* existing;        // the stored version, or nullptr when creating
  // When the request addressed an inline child (PUT or DELETE of .../subnets/web), its type and
  // name; empty when the document itself was addressed.
  std::string child_type;
  std::string child_name;
  bool child_deleted = false;
  Problems& problems;
};

// Read-only view used to add computed back-references when a document is returned.
class ReadView {
 public:
  virtual ~ReadView() = default;
  virtual const Doc* Find(const std::string& key) const = 0;
  virtual std::vector<Ref> Referrers(const std::string& target_key) const = 0;
  // Keys of the standalone children directly under `parent_key`.
  virtual std::vector<std::string> ChildKeys(const std::string& parent_key) const = 0;
};

class Handler {
 public:
  virtual ~Handler() = default;
  // Validates ctx.doc, fills computed properties, stages writes to other documents in ctx.txn.
  // Problems go to ctx.problems; returning early after the first is fine when later checks
  // would only repeat it.
  virtual void Prepare(PutContext& ctx) const { (void)ctx; }
  // Called before `doc` is deleted: refuse when it is in use; stage cascading writes.
  virtual Status BeforeDelete(Txn& txn, const Doc& doc) const {
    (void)txn;
    (void)doc;
    return {};
  }
  // Adds computed read-only properties (back-references) to a copy about to be returned.
  virtual void Render(const ReadView& view, const Doc& doc, Json& out) const {
    (void)view;
    (void)doc;
    (void)out;
  }
};

// The handler for a canonical type name; a default one (no extra rules) for types without.
const Handler& HandlerFor(std::string_view type);

}  // namespace vnet::control

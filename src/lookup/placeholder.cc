// Placeholder: being written.
namespace vnet::lookup {}

// Placeholder: being written.
namespace vnet::eval {}

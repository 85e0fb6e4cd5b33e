// Placeholder: being written.
namespace vnet::dns {}

// Small string helpers shared by every module: ASCII case folding and splitting.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace vnet {

std::string AsciiLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
// Splits on `sep`; keeps empty pieces ("a//b" -> {"a", "", "b"}).
std::vector<std::string_view> Split(std::string_view s, char sep);
std::string_view Trim(std::string_view s);

}  // namespace vnet

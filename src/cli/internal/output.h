// Rendering a command's result as Azure CLI does: -o json (pretty-printed), -o table (aligned
// columns under a dashed header) or -o tsv (tab-separated, no header). Deterministic: the same
// JSON always renders to the same bytes (object keys print in sorted order).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "cli/internal/arm_client.h"

namespace vnet::cli {

enum class OutputFormat { kJson, kTable, kTsv, kNone };

// "json", "table", "tsv", "none" (any case). kInvalidArgument ("UsageError") otherwise.
Result<OutputFormat> ParseOutputFormat(std::string_view text);

// The whole output for `result`, ending in a newline unless it is empty. A null result prints
// nothing. Lists render one row per element; a single resource one row.
std::string Render(const Json& result, OutputFormat format);

// The table columns and, per row, the cells for `result` (exposed for tests).
struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};
Table ToTable(const Json& result);

}  // namespace vnet::cli

// OutputChoice: the -o value the user chose (the root's option), so that table and tsv output can
// be given rows a person reads, as az's table transformers do.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "base/strings.h"

namespace vnet::cli {

class OutputChoice {
 public:
  explicit OutputChoice(CLI::App* root) : option_(root->get_option_no_throw("--output")) {}
  bool tabular() const {
    if (option_ == nullptr || option_->count() == 0) return false;
    const std::string f = AsciiLower(option_->as<std::string>());
    return f == "table" || f == "tsv";
  }

 private:
  CLI::Option* option_;
};

}  // namespace vnet::cli

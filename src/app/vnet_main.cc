// main() of the `vnet` CLI: everything lives in vnet::cli; an exception here is a bug (exit 70).
#include <exception>
#include <iostream>

#include "cli/main.h"

int main(int argc, char** argv) {
  try {
    return vnet::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "ERROR: internal error: " << e.what() << "\n";
    return 70;
  } catch (...) {
    std::cerr << "ERROR: internal error\n";
    return 70;
  }
}

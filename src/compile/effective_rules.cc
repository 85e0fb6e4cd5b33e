// Placeholder: being written.
#include "compile/effective_rules.h"

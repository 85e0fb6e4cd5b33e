// Placeholder: being written.
#include "compile/effective_routes.h"

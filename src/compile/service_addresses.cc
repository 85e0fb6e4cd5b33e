// Placeholder: being written.
#include "compile/service_addresses.h"

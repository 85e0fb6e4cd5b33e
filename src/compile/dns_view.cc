// Placeholder: being written.
#include "compile/dns_view.h"

// Placeholder: being written.
#include "compile/service_tags.h"

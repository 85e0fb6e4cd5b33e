// Placeholder: being written.
#include "compile/topology.h"

// Placeholder: being written.
#include "compile/compiler.h"

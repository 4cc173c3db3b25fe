// The scalar reference optimizer updates: every algorithm's loop compiled with baseline flags.
#define DESCENT_ISA scalar
#define DESCENT_ISA_FN

#include "optim/optimizer_registration.h"

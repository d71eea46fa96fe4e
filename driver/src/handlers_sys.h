/* Exit handlers: see the block that includes this file in probe.bpf.c. */
#pragma once

#include "params.h"
#include "flags.h"

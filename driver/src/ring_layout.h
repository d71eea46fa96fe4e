/* The layout of a CPU's ring and of the events in it: the contract between
 * the probe (maps.h, event.h) and its reader (native/src/loader.c). Plain
 * constants, so that both the BPF build and the addon include this file.
 */
#pragma once

#define EVENT_HEADER_SIZE 26     /* ts u64, tid u64, len u32, type u16, nparams u32 */
#define EVENT_LEN_OFFSET 16      /* of the u32 length of the whole event */
#define MAX_EVENT_SIZE 65536     /* an event whose parameters use u16 lengths cannot be larger */

#define RING_HEADER_SIZE 4096    /* head at 0, tail at RING_TAIL_OFFSET, then the probe's own state */
#define RING_TAIL_OFFSET 64
#define RING_SLACK (2 * MAX_EVENT_SIZE) /* after the ring: what an event may run on into */

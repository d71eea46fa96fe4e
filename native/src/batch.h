/* A batch of live events laid out as scap event blocks (type 0x204), the
 * same bytes a .scap file holds, so one block decoder reads both:
 *
 *   u32 block type | u32 total length | u16 cpu | event | 0-3 zero bytes | u32 total length
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FN_EV_BLOCK_TYPE 0x204u
/* header (8) + cpu (2) + trailer (4), before rounding up to 4 bytes */
#define FN_EV_BLOCK_OVERHEAD 14u

struct fn_batch {
	uint8_t *data;
	size_t len;
	size_t cap;
	uint32_t count;
};

static inline size_t fn_ev_block_len(size_t event_len)
{
	return (event_len + FN_EV_BLOCK_OVERHEAD + 3) & ~(size_t)3;
}

/* Appends one event; the caller made sure it fits (fn_ev_block_len). */
static inline void fn_batch_append(struct fn_batch *b, uint16_t cpu, const uint8_t *event,
				   uint32_t event_len)
{
	uint32_t total = (uint32_t)fn_ev_block_len(event_len);
	uint8_t *p = b->data + b->len;
	uint32_t type = FN_EV_BLOCK_TYPE;
	memcpy(p, &type, 4);
	memcpy(p + 4, &total, 4);
	memcpy(p + 8, &cpu, 2);
	memcpy(p + 10, event, event_len);
	size_t used = 10 + event_len;
	memset(p + used, 0, total - 4 - used);
	memcpy(p + total - 4, &total, 4);
	b->len += total;
	b->count++;
}

/* Kernel values of the data transfer, io_uring and socket option calls
 * translated to the scap encodings of the event table (flags.h holds the
 * conversions the other handler files share).
 */
#pragma once

#include "defs.h"
#include "defs_io.h"

static __always_inline __u8 shutdown_how_to_scap(unsigned long how)
{
	switch (how) {
	case K_SHUT_RD: return PPM_SHUT_RD;
	case K_SHUT_WR: return PPM_SHUT_WR;
	case K_SHUT_RDWR: return PPM_SHUT_RDWR;
	/* The parameter is 8 bits wide: the 16-bit "unknown" code keeps its low byte. */
	default: return (__u8)PPM_SHUT_UNKNOWN;
	}
}

static __always_inline __u8 lseek_whence_to_scap(unsigned long whence)
{
	switch (whence) {
	case K_SEEK_CUR: return PPM_SEEK_CUR;
	case K_SEEK_END: return PPM_SEEK_END;
	default: return PPM_SEEK_SET; /* SEEK_SET, and anything the table has no name for */
	}
}

static __always_inline __u16 poll_events_to_scap(__u16 ev)
{
	__u16 r = 0;
	if (ev & K_POLLIN) r |= PPM_POLLIN;
	if (ev & K_POLLPRI) r |= PPM_POLLPRI;
	if (ev & K_POLLOUT) r |= PPM_POLLOUT;
	if (ev & K_POLLRDHUP) r |= PPM_POLLRDHUP;
	if (ev & K_POLLERR) r |= PPM_POLLERR;
	if (ev & K_POLLHUP) r |= PPM_POLLHUP;
	if (ev & K_POLLNVAL) r |= PPM_POLLNVAL;
	if (ev & K_POLLRDNORM) r |= PPM_POLLRDNORM;
	if (ev & K_POLLRDBAND) r |= PPM_POLLRDBAND;
	if (ev & K_POLLWRNORM) r |= PPM_POLLWRNORM;
	if (ev & K_POLLWRBAND) r |= PPM_POLLWRBAND;
	return r;
}

static __always_inline __u32 splice_flags_to_scap(__u32 f)
{
	__u32 r = 0;
	if (f & K_SPLICE_F_MOVE) r |= PPM_SPLICE_F_MOVE;
	if (f & K_SPLICE_F_NONBLOCK) r |= PPM_SPLICE_F_NONBLOCK;
	if (f & K_SPLICE_F_MORE) r |= PPM_SPLICE_F_MORE;
	if (f & K_SPLICE_F_GIFT) r |= PPM_SPLICE_F_GIFT;
	return r;
}

/* IORING_SQ_NEED_WAKEUP shares bit 0 with IORING_SETUP_IOPOLL; the libs
 * report both names for that bit, and so does this. */
static __always_inline __u32 io_uring_setup_flags_to_scap(__u32 f)
{
	__u32 r = 0;
	if (f & K_IORING_SETUP_IOPOLL) r |= PPM_IORING_SETUP_IOPOLL;
	if (f & K_IORING_SETUP_SQPOLL) r |= PPM_IORING_SETUP_SQPOLL;
	if (f & K_IORING_SQ_NEED_WAKEUP) r |= PPM_IORING_SQ_NEED_WAKEUP;
	if (f & K_IORING_SETUP_SQ_AFF) r |= PPM_IORING_SETUP_SQ_AFF;
	if (f & K_IORING_SETUP_CQSIZE) r |= PPM_IORING_SETUP_CQSIZE;
	if (f & K_IORING_SETUP_CLAMP) r |= PPM_IORING_SETUP_CLAMP;
	if (f & K_IORING_SETUP_ATTACH_WQ) r |= PPM_IORING_SETUP_ATTACH_WQ;
	if (f & K_IORING_SETUP_R_DISABLED) r |= PPM_IORING_SETUP_R_DISABLED;
	return r;
}

/* The first eleven feature bits have the same positions in both encodings;
 * later ones have no scap name. */
static __always_inline __u32 io_uring_setup_feats_to_scap(__u32 f)
{
	return f & ((1U << 11) - 1);
}

static __always_inline __u32 io_uring_enter_flags_to_scap(__u32 f)
{
	__u32 r = 0;
	if (f & K_IORING_ENTER_GETEVENTS) r |= PPM_IORING_ENTER_GETEVENTS;
	if (f & K_IORING_ENTER_SQ_WAKEUP) r |= PPM_IORING_ENTER_SQ_WAKEUP;
	if (f & K_IORING_ENTER_SQ_WAIT) r |= PPM_IORING_ENTER_SQ_WAIT;
	if (f & K_IORING_ENTER_EXT_ARG) r |= PPM_IORING_ENTER_EXT_ARG;
	return r;
}

/* ---- socket options ---- */

static __always_inline __u8 sockopt_level_to_scap(int level)
{
	switch (level) {
	case K_SOL_SOCKET: return PPM_SOCKOPT_LEVEL_SOL_SOCKET;
	case K_SOL_TCP: return PPM_SOCKOPT_LEVEL_SOL_TCP;
	default: return PPM_SOCKOPT_LEVEL_UNKNOWN;
	}
}

/* x86_64 SOL_SOCKET option numbers 1..50 equal their scap codes; a few
 * later ones have codes of their own; the y2038 timeout variants share the
 * codes of the old ones. Options of other levels are unknown (0). */
static __always_inline __u8 sockopt_optname_to_scap(int level, int optname)
{
	if (level != K_SOL_SOCKET)
		return 0;
	if (optname >= 1 && optname <= 50)
		return optname;
	switch (optname) {
	case 55: return 52; /* SO_MEMINFO */
	case 57: return 53; /* SO_COOKIE */
	case 59: return 51; /* SO_PEERGROUPS */
	case 66: return 20; /* SO_RCVTIMEO_NEW */
	case 67: return 21; /* SO_SNDTIMEO_NEW */
	default: return 0;
	}
}

/* SOL_SOCKET options whose value the libs decode as a 32-bit integer:
 * 1..49 except SO_ERROR, SO_LINGER, SO_PEERCRED, the two timeouts,
 * SO_ATTACH_FILTER and SO_PEERNAME. */
#define SOCKOPT_U32_MASK                                                                    \
	(((1ULL << 50) - 2) & ~((1ULL << 4) | (1ULL << 13) | (1ULL << 17) | (1ULL << 20) |  \
				(1ULL << 21) | (1ULL << 26) | (1ULL << 28)))

enum sockopt_kind { SOCKOPT_RAW, SOCKOPT_ERRNO, SOCKOPT_U32, SOCKOPT_U64, SOCKOPT_TIMEVAL };

/* How the value of a socket option is encoded in the `val` parameter. */
static __always_inline enum sockopt_kind sockopt_kind_of(int level, int optname)
{
	if (level != K_SOL_SOCKET)
		return SOCKOPT_RAW;
	switch (optname) {
	case K_SO_ERROR: return SOCKOPT_ERRNO;
	case K_SO_RCVTIMEO_OLD:
	case K_SO_SNDTIMEO_OLD:
	case K_SO_RCVTIMEO_NEW:
	case K_SO_SNDTIMEO_NEW: return SOCKOPT_TIMEVAL;
	case K_SO_COOKIE: return SOCKOPT_U64;
	default: break;
	}
	if (optname > 0 && optname < 64 && (SOCKOPT_U32_MASK & (1ULL << optname)))
		return SOCKOPT_U32;
	return SOCKOPT_RAW;
}

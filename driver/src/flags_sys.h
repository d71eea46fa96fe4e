/* Flag words of the handlers_sys.h calls translated to the scap encodings
 * the event table declares. Conversions whose scap bits equal the kernel's
 * (mount flags, prctl options, rlimit resources, flock operations) still go
 * through here, so that every parameter is built the way the libs build it.
 */
#pragma once

#include "defs.h"
#include "defs_sys.h"

/* O_NONBLOCK / O_CLOEXEC (and O_DIRECT for pipe2), as eventfd2, signalfd4,
 * timerfd_create, inotify_init1 and pipe2 report them. A negative word is
 * an invalid argument and reports no flag. */
static __always_inline __u32 fd_create_flags_to_scap(__s32 f, bool with_direct)
{
	__u32 r = 0;
	if (f < 0)
		return 0;
	if (f & K_O_NONBLOCK) r |= PPM_O_NONBLOCK;
	if (f & K_O_CLOEXEC) r |= PPM_O_CLOEXEC;
	if (with_direct && (f & K_O_DIRECT)) r |= PPM_O_DIRECT;
	return r;
}

static __always_inline __u32 mount_flags_to_scap(__u32 f)
{
	if ((f & PPM_MS_MGC_MSK) == PPM_MS_MGC_VAL)
		f &= ~PPM_MS_MGC_MSK;
	return f;
}

static __always_inline __u32 umount2_flags_to_scap(__u32 f)
{
	__u32 r = 0;
	if (f & K_MNT_FORCE) r |= PPM_MNT_FORCE;
	if (f & K_MNT_DETACH) r |= PPM_MNT_DETACH;
	if (f & K_MNT_EXPIRE) r |= PPM_MNT_EXPIRE;
	if (f & K_UMOUNT_NOFOLLOW) r |= PPM_UMOUNT_NOFOLLOW;
	return r;
}

static __always_inline __u32 prot_flags_to_scap(__u32 p)
{
	__u32 r = 0;
	if (p & K_PROT_READ) r |= PPM_PROT_READ;
	if (p & K_PROT_WRITE) r |= PPM_PROT_WRITE;
	if (p & K_PROT_EXEC) r |= PPM_PROT_EXEC;
	if (p & K_PROT_SEM) r |= PPM_PROT_SEM;
	if (p & K_PROT_GROWSDOWN) r |= PPM_PROT_GROWSDOWN;
	if (p & K_PROT_GROWSUP) r |= PPM_PROT_GROWSUP;
	if (p & K_PROT_SAO) r |= PPM_PROT_SAO;
	return r;
}

static __always_inline __u32 mmap_flags_to_scap(__u32 f)
{
	__u32 r = 0;
	if (f & K_MAP_SHARED) r |= PPM_MAP_SHARED;
	if (f & K_MAP_PRIVATE) r |= PPM_MAP_PRIVATE;
	if (f & K_MAP_FIXED) r |= PPM_MAP_FIXED;
	if (f & K_MAP_ANONYMOUS) r |= PPM_MAP_ANONYMOUS;
	if (f & K_MAP_32BIT) r |= PPM_MAP_32BIT;
	if (f & K_MAP_NORESERVE) r |= PPM_MAP_NORESERVE;
	if (f & K_MAP_POPULATE) r |= PPM_MAP_POPULATE;
	if (f & K_MAP_NONBLOCK) r |= PPM_MAP_NONBLOCK;
	if (f & K_MAP_GROWSDOWN) r |= PPM_MAP_GROWSDOWN;
	if (f & K_MAP_DENYWRITE) r |= PPM_MAP_DENYWRITE;
	if (f & K_MAP_EXECUTABLE) r |= PPM_MAP_EXECUTABLE;
	if (f & K_MAP_INHERIT) r |= PPM_MAP_INHERIT;
	if (f & K_MAP_LOCKED) r |= PPM_MAP_LOCKED;
	return r;
}

static __always_inline __u8 fcntl_cmd_to_scap(__u32 cmd)
{
	switch (cmd) {
	case K_F_DUPFD: return PPM_FCNTL_F_DUPFD;
	case K_F_GETFD: return PPM_FCNTL_F_GETFD;
	case K_F_SETFD: return PPM_FCNTL_F_SETFD;
	case K_F_GETFL: return PPM_FCNTL_F_GETFL;
	case K_F_SETFL: return PPM_FCNTL_F_SETFL;
	case K_F_GETLK: return PPM_FCNTL_F_GETLK;
	case K_F_SETLK: return PPM_FCNTL_F_SETLK;
	case K_F_SETLKW: return PPM_FCNTL_F_SETLKW;
	case K_F_SETOWN: return PPM_FCNTL_F_SETOWN;
	case K_F_GETOWN: return PPM_FCNTL_F_GETOWN;
	case K_F_SETSIG: return PPM_FCNTL_F_SETSIG;
	case K_F_GETSIG: return PPM_FCNTL_F_GETSIG;
	case K_F_GETLK64: return PPM_FCNTL_F_GETLK64;
	case K_F_SETLK64: return PPM_FCNTL_F_SETLK64;
	case K_F_SETLKW64: return PPM_FCNTL_F_SETLKW64;
	case K_F_SETOWN_EX: return PPM_FCNTL_F_SETOWN_EX;
	case K_F_GETOWN_EX: return PPM_FCNTL_F_GETOWN_EX;
	case K_F_SETLEASE: return PPM_FCNTL_F_SETLEASE;
	case K_F_GETLEASE: return PPM_FCNTL_F_GETLEASE;
	case K_F_CANCELLK: return PPM_FCNTL_F_CANCELLK;
	case K_F_DUPFD_CLOEXEC: return PPM_FCNTL_F_DUPFD_CLOEXEC;
	case K_F_NOTIFY: return PPM_FCNTL_F_NOTIFY;
	case K_F_SETPIPE_SZ: return PPM_FCNTL_F_SETPIPE_SZ;
	case K_F_GETPIPE_SZ: return PPM_FCNTL_F_GETPIPE_SZ;
	case K_F_OFD_GETLK: return PPM_FCNTL_F_OFD_GETLK;
	case K_F_OFD_SETLK: return PPM_FCNTL_F_OFD_SETLK;
	case K_F_OFD_SETLKW: return PPM_FCNTL_F_OFD_SETLKW;
	default: return PPM_FCNTL_UNKNOWN;
	}
}

/* linkat and fchownat share the two AT_ flags they report. */
static __always_inline __u32 at_follow_flags_to_scap(__u32 f)
{
	__u32 r = 0;
	if (f & K_AT_SYMLINK_FOLLOW) r |= PPM_AT_SYMLINK_FOLLOW;
	if (f & K_AT_EMPTY_PATH) r |= PPM_AT_EMPTY_PATH;
	return r;
}

static __always_inline __u8 rlimit_resource_to_scap(__u32 res)
{
	return res <= K_RLIMIT_RTTIME ? (__u8)res : PPM_RLIMIT_UNKNOWN;
}

static __always_inline __u32 epoll_create1_flags_to_scap(__u32 f)
{
	return (f & K_O_CLOEXEC) ? PPM_EPOLL_CLOEXEC : 0; /* EPOLL_CLOEXEC == O_CLOEXEC */
}

static __always_inline __u32 flock_flags_to_scap(__u32 op)
{
	__u32 r = 0;
	if (op & K_LOCK_EX) r |= PPM_LOCK_EX;
	if (op & K_LOCK_SH) r |= PPM_LOCK_SH;
	if (op & K_LOCK_UN) r |= PPM_LOCK_UN;
	if (op & K_LOCK_NB) r |= PPM_LOCK_NB;
	return r;
}

/* pidfd_open knows one flag, PIDFD_NONBLOCK (the value of O_NONBLOCK). */
static __always_inline __u32 pidfd_open_flags_to_scap(__u32 f)
{
	return (f & K_PIDFD_NONBLOCK) ? PPM_PIDFD_NONBLOCK : 0;
}

/* The scap bits happen to equal the kernel's; unknown bits are dropped. */
static __always_inline __u32 close_range_flags_to_scap(__u32 f)
{
	__u32 r = 0;
	if (f & K_CLOSE_RANGE_UNSHARE) r |= PPM_CLOSE_RANGE_UNSHARE;
	if (f & K_CLOSE_RANGE_CLOEXEC) r |= PPM_CLOSE_RANGE_CLOEXEC;
	return r;
}

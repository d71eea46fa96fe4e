/* Kernel flag words translated to the scap encodings the event table
 * declares (PPM_* bits), so user space decodes live events and capture files
 * the same way.
 */
#pragma once

#include "defs.h"

static __always_inline __u32 open_flags_to_scap(__u32 f)
{
	__u32 r;
	switch (f & (K_O_WRONLY | K_O_RDWR)) {
	case K_O_WRONLY: r = PPM_O_WRONLY; break;
	case K_O_RDWR: r = PPM_O_RDWR; break;
	default: r = PPM_O_RDONLY; break;
	}
	if (f & K_O_CREAT) r |= PPM_O_CREAT;
	if ((f & K_O_TMPFILE) == K_O_TMPFILE) r |= PPM_O_TMPFILE;
	if (f & K_O_APPEND) r |= PPM_O_APPEND;
	if (f & K_O_DSYNC) r |= PPM_O_DSYNC;
	if (f & K_O_EXCL) r |= PPM_O_EXCL;
	if (f & K_O_NONBLOCK) r |= PPM_O_NONBLOCK;
	if ((f & K_O_SYNC) == K_O_SYNC) r |= PPM_O_SYNC;
	if (f & K_O_TRUNC) r |= PPM_O_TRUNC;
	if (f & K_O_DIRECT) r |= PPM_O_DIRECT;
	if (f & K_O_DIRECTORY) r |= PPM_O_DIRECTORY;
	if (f & K_O_LARGEFILE) r |= PPM_O_LARGEFILE;
	if (f & K_O_CLOEXEC) r |= PPM_O_CLOEXEC;
	return r;
}

/* Permission bits: the scap order is the reverse of the kernel's octal
 * layout read as bits (other x = bit 0 ... setuid = bit 11), which is the
 * same numbering, so only the 12 permission bits are kept. */
static __always_inline __u32 mode_to_scap(unsigned long mode)
{
	return mode & 07777;
}

/* open/openat report the mode only when it is used (O_CREAT or O_TMPFILE). */
static __always_inline __u32 open_mode_to_scap(__u32 flags, unsigned long mode)
{
	if (!(flags & K_O_CREAT) && (flags & K_O_TMPFILE) != K_O_TMPFILE)
		return 0;
	return mode_to_scap(mode);
}

static __always_inline __u32 clone_flags_to_scap(unsigned long f)
{
	__u32 r = 0;
	if (f & K_CLONE_FILES) r |= PPM_CL_CLONE_FILES;
	if (f & K_CLONE_FS) r |= PPM_CL_CLONE_FS;
	if (f & K_CLONE_IO) r |= PPM_CL_CLONE_IO;
	if (f & K_CLONE_NEWIPC) r |= PPM_CL_CLONE_NEWIPC;
	if (f & K_CLONE_NEWNET) r |= PPM_CL_CLONE_NEWNET;
	if (f & K_CLONE_NEWNS) r |= PPM_CL_CLONE_NEWNS;
	if (f & K_CLONE_NEWPID) r |= PPM_CL_CLONE_NEWPID;
	if (f & K_CLONE_NEWUTS) r |= PPM_CL_CLONE_NEWUTS;
	if (f & K_CLONE_PARENT_SETTID) r |= PPM_CL_CLONE_PARENT_SETTID;
	if (f & K_CLONE_PARENT) r |= PPM_CL_CLONE_PARENT;
	if (f & K_CLONE_PTRACE) r |= PPM_CL_CLONE_PTRACE;
	if (f & K_CLONE_SIGHAND) r |= PPM_CL_CLONE_SIGHAND;
	if (f & K_CLONE_SYSVSEM) r |= PPM_CL_CLONE_SYSVSEM;
	if (f & K_CLONE_THREAD) r |= PPM_CL_CLONE_THREAD;
	if (f & K_CLONE_UNTRACED) r |= PPM_CL_CLONE_UNTRACED;
	if (f & K_CLONE_VM) r |= PPM_CL_CLONE_VM;
	if (f & K_CLONE_NEWUSER) r |= PPM_CL_CLONE_NEWUSER;
	if (f & K_CLONE_CHILD_CLEARTID) r |= PPM_CL_CLONE_CHILD_CLEARTID;
	if (f & K_CLONE_CHILD_SETTID) r |= PPM_CL_CLONE_CHILD_SETTID;
	if (f & K_CLONE_SETTLS) r |= PPM_CL_CLONE_SETTLS;
	if (f & K_CLONE_VFORK) r |= PPM_CL_CLONE_VFORK;
	if (f & K_CLONE_NEWCGROUP) r |= PPM_CL_CLONE_NEWCGROUP;
	return r;
}

/* SOCK_NONBLOCK/SOCK_CLOEXEC (socket type bits, accept4 flags). */
static __always_inline __u32 socket_flags_to_scap(__u32 f)
{
	__u32 r = 0;
	if (f & K_SOCK_NONBLOCK) r |= PPM_O_NONBLOCK;
	if (f & K_SOCK_CLOEXEC) r |= PPM_O_CLOEXEC;
	return r;
}

static __always_inline __u32 cloexec_to_scap(__u32 f)
{
	return (f & K_O_CLOEXEC) ? PPM_O_CLOEXEC : 0;
}

static __always_inline __u32 unlinkat_flags_to_scap(__u32 f)
{
	return (f & K_AT_REMOVEDIR) ? PPM_AT_REMOVEDIR : 0;
}

static __always_inline __u32 memfd_flags_to_scap(__u32 f)
{
	__u32 r = 0;
	if (f & K_MFD_CLOEXEC) r |= PPM_MFD_CLOEXEC;
	if (f & K_MFD_ALLOW_SEALING) r |= PPM_MFD_ALLOW_SEALING;
	if (f & K_MFD_HUGETLB) r |= PPM_MFD_HUGETLB;
	return r;
}

static __always_inline __u32 finit_module_flags_to_scap(__u32 f)
{
	__u32 r = 0;
	if (f & K_MODULE_INIT_IGNORE_MODVERSIONS) r |= PPM_MODULE_INIT_IGNORE_MODVERSIONS;
	if (f & K_MODULE_INIT_IGNORE_VERMAGIC) r |= PPM_MODULE_INIT_IGNORE_VERMAGIC;
	if (f & K_MODULE_INIT_COMPRESSED_FILE) r |= PPM_MODULE_INIT_COMPRESSED_FILE;
	return r;
}

static __always_inline __u32 openat2_resolve_to_scap(__u64 f)
{
	__u32 r = 0;
	if (f & K_RESOLVE_NO_XDEV) r |= PPM_RESOLVE_NO_XDEV;
	if (f & K_RESOLVE_NO_MAGICLINKS) r |= PPM_RESOLVE_NO_MAGICLINKS;
	if (f & K_RESOLVE_NO_SYMLINKS) r |= PPM_RESOLVE_NO_SYMLINKS;
	if (f & K_RESOLVE_BENEATH) r |= PPM_RESOLVE_BENEATH;
	if (f & K_RESOLVE_IN_ROOT) r |= PPM_RESOLVE_IN_ROOT;
	if (f & K_RESOLVE_CACHED) r |= PPM_RESOLVE_CACHED;
	return r;
}

/* ptrace request numbers (x86_64 <sys/ptrace.h>) to scap request codes. */
static __always_inline __u16 ptrace_request_to_scap(unsigned long req)
{
	switch (req) {
	case 0: return PPM_PTRACE_TRACEME;
	case 1: return PPM_PTRACE_PEEKTEXT;
	case 2: return PPM_PTRACE_PEEKDATA;
	case 3: return PPM_PTRACE_PEEKUSR;
	case 4: return PPM_PTRACE_POKETEXT;
	case 5: return PPM_PTRACE_POKEDATA;
	case 6: return PPM_PTRACE_POKEUSR;
	case 7: return PPM_PTRACE_CONT;
	case 8: return PPM_PTRACE_KILL;
	case 9: return PPM_PTRACE_SINGLESTEP;
	case 12: return PPM_PTRACE_GETREGS;
	case 13: return PPM_PTRACE_SETREGS;
	case 14: return PPM_PTRACE_GETFPREGS;
	case 15: return PPM_PTRACE_SETFPREGS;
	case 16: return PPM_PTRACE_ATTACH;
	case 17: return PPM_PTRACE_DETACH;
	case 18: return PPM_PTRACE_GETFPXREGS;
	case 19: return PPM_PTRACE_SETFPXREGS;
	case 21: return PPM_PTRACE_OLDSETOPTIONS;
	case 24: return PPM_PTRACE_SYSCALL;
	case 25: return PPM_PTRACE_GET_THREAD_AREA;
	case 26: return PPM_PTRACE_SET_THREAD_AREA;
	case 30: return PPM_PTRACE_ARCH_PRCTL;
	case 31: return PPM_PTRACE_SYSEMU;
	case 32: return PPM_PTRACE_SYSEMU_SINGLESTEP;
	case 33: return PPM_PTRACE_SINGLEBLOCK;
	case 0x4200: return PPM_PTRACE_SETOPTIONS;
	case 0x4201: return PPM_PTRACE_GETEVENTMSG;
	case 0x4202: return PPM_PTRACE_GETSIGINFO;
	case 0x4203: return PPM_PTRACE_SETSIGINFO;
	case 0x4204: return PPM_PTRACE_GETREGSET;
	case 0x4205: return PPM_PTRACE_SETREGSET;
	case 0x4206: return PPM_PTRACE_SEIZE;
	case 0x4207: return PPM_PTRACE_INTERRUPT;
	case 0x4208: return PPM_PTRACE_LISTEN;
	case 0x4209: return PPM_PTRACE_PEEKSIGINFO;
	case 0x420a: return PPM_PTRACE_GETSIGMASK;
	case 0x420b: return PPM_PTRACE_SETSIGMASK;
	default: return PPM_PTRACE_UNKNOWN;
	}
}

/* Constants shared by the probe's programs: scap event codes and parameter
 * counts (libs 0.25.4 event table), scap flag values, x86_64 system call
 * numbers and the size limits of captured data. The values are facts of the
 * scap format and of the kernel ABI; the layouts they describe are written out
 * in each handler.
 */
#pragma once

#include "ring_layout.h"

/* ---- scap event codes (exit events; procexit is the one "enter" event Falco still emits) ---- */
#define PPME_GENERIC_X 1
#define PPME_SYSCALL_OPEN_X 3
#define PPME_SYSCALL_CLOSE_X 5
#define PPME_SOCKET_SOCKET_X 19
#define PPME_SOCKET_BIND_X 21
#define PPME_SOCKET_CONNECT_X 23
#define PPME_SOCKET_LISTEN_X 25
#define PPME_SOCKET_SENDTO_X 31
#define PPME_SOCKET_RECVFROM_X 35
#define PPME_SYSCALL_CREAT_X 59
#define PPME_SYSCALL_PTRACE_X 169
#define PPME_SYSCALL_RENAME_X 175
#define PPME_SYSCALL_RENAMEAT_X 177
#define PPME_SYSCALL_SYMLINK_X 179
#define PPME_SYSCALL_SYMLINKAT_X 181
#define PPME_PROCEXIT_1_E 186
#define PPME_SYSCALL_SETUID_X 199
#define PPME_SYSCALL_SETGID_X 201
#define PPME_SYSCALL_CLONE_20_X 223
#define PPME_SYSCALL_FORK_20_X 225
#define PPME_SYSCALL_VFORK_20_X 227
#define PPME_SOCKET_ACCEPT_5_X 247
#define PPME_SYSCALL_MKDIR_2_X 277
#define PPME_SYSCALL_EXECVE_19_X 293
#define PPME_SYSCALL_UNLINK_2_X 301
#define PPME_SYSCALL_UNLINKAT_2_X 303
#define PPME_SYSCALL_MKDIRAT_X 305
#define PPME_SYSCALL_OPENAT_2_X 307
#define PPME_SYSCALL_FCHMODAT_X 313
#define PPME_SYSCALL_CHMOD_X 315
#define PPME_SYSCALL_FCHMOD_X 317
#define PPME_SYSCALL_RENAMEAT2_X 319
#define PPME_SYSCALL_OPENAT2_X 327
#define PPME_SYSCALL_EXECVEAT_X 331
#define PPME_SYSCALL_CLONE3_X 335
#define PPME_SYSCALL_DUP2_X 363
#define PPME_SYSCALL_DUP3_X 365
#define PPME_SYSCALL_DUP_1_X 367
#define PPME_SOCKET_ACCEPT4_6_X 389
#define PPME_SYSCALL_MEMFD_CREATE_X 405
#define PPME_SYSCALL_INIT_MODULE_X 411
#define PPME_SYSCALL_FINIT_MODULE_X 413

/* ---- x86_64 system call numbers handled by a dedicated program ---- */
#define NR_open 2
#define NR_close 3
#define NR_dup 32
#define NR_dup2 33
#define NR_socket 41
#define NR_connect 42
#define NR_accept 43
#define NR_sendto 44
#define NR_recvfrom 45
#define NR_bind 49
#define NR_listen 50
#define NR_clone 56
#define NR_fork 57
#define NR_vfork 58
#define NR_execve 59
#define NR_rename 82
#define NR_mkdir 83
#define NR_creat 85
#define NR_unlink 87
#define NR_symlink 88
#define NR_chmod 90
#define NR_fchmod 91
#define NR_ptrace 101
#define NR_setuid 105
#define NR_setgid 106
#define NR_init_module 175
#define NR_openat 257
#define NR_mkdirat 258
#define NR_unlinkat 263
#define NR_renameat 264
#define NR_symlinkat 266
#define NR_fchmodat 268
#define NR_accept4 288
#define NR_dup3 292
#define NR_finit_module 313
#define NR_renameat2 316
#define NR_memfd_create 319
#define NR_execveat 322
#define NR_clone3 435
#define NR_openat2 437

/* The syscall-indexed maps have this many entries (libs' SYSCALL_TABLE_SIZE). */
#define SYSCALL_TABLE_SIZE 512

/* ---- sizes ---- */
#define OFFSET_MASK 0xFFFF       /* keeps write offsets provably inside the event's ring slack */
#define MAX_PATH 4096
#define MAX_ARGS_ENV 4096        /* exe + args (and env) are cut at this many bytes */
#define MAX_ARGV_POINTERS 16     /* argv/envp entries read when execve fails */
#define MAX_CGROUP_DEPTH 6       /* path components kept per cgroup subsystem */
#define MAX_PATH_DEPTH 32        /* dentries walked to rebuild the executable's path (a power of 2) */
#define MAX_NAME 256             /* one path component (NAME_MAX + 1) */
#define MAX_UNIX_PATH 109        /* sun_path plus a terminator */
#define SOCKADDR_MAX 128         /* sizeof(struct sockaddr_storage) */
#define COMM_LEN 16

/* ---- settings.flags bits ---- */
#define SETTINGS_PROCEXIT (1u << 0) /* emit procexit from sched_process_exit */

/* ---- scap flag values ---- */
#define PPM_O_RDONLY (1 << 0)
#define PPM_O_WRONLY (1 << 1)
#define PPM_O_RDWR (PPM_O_RDONLY | PPM_O_WRONLY)
#define PPM_O_CREAT (1 << 2)
#define PPM_O_APPEND (1 << 3)
#define PPM_O_DSYNC (1 << 4)
#define PPM_O_EXCL (1 << 5)
#define PPM_O_NONBLOCK (1 << 6)
#define PPM_O_SYNC (1 << 7)
#define PPM_O_TRUNC (1 << 8)
#define PPM_O_DIRECT (1 << 9)
#define PPM_O_DIRECTORY (1 << 10)
#define PPM_O_LARGEFILE (1 << 11)
#define PPM_O_CLOEXEC (1 << 12)
#define PPM_O_TMPFILE (1 << 13)
#define PPM_O_F_CREATED (1 << 14)
#define PPM_FD_UPPER_LAYER (1 << 15)
#define PPM_FD_LOWER_LAYER (1 << 16)
#define PPM_FD_UPPER_LAYER_CREAT (1 << 0)
#define PPM_FD_LOWER_LAYER_CREAT (1 << 1)

#define PPM_CL_CLONE_FILES (1 << 0)
#define PPM_CL_CLONE_FS (1 << 1)
#define PPM_CL_CLONE_IO (1 << 2)
#define PPM_CL_CLONE_NEWIPC (1 << 3)
#define PPM_CL_CLONE_NEWNET (1 << 4)
#define PPM_CL_CLONE_NEWNS (1 << 5)
#define PPM_CL_CLONE_NEWPID (1 << 6)
#define PPM_CL_CLONE_NEWUTS (1 << 7)
#define PPM_CL_CLONE_PARENT (1 << 8)
#define PPM_CL_CLONE_PARENT_SETTID (1 << 9)
#define PPM_CL_CLONE_PTRACE (1 << 10)
#define PPM_CL_CLONE_SIGHAND (1 << 11)
#define PPM_CL_CLONE_SYSVSEM (1 << 12)
#define PPM_CL_CLONE_THREAD (1 << 13)
#define PPM_CL_CLONE_UNTRACED (1 << 14)
#define PPM_CL_CLONE_VM (1 << 15)
#define PPM_CL_CLONE_NEWUSER (1 << 20)
#define PPM_CL_CLONE_CHILD_CLEARTID (1 << 23)
#define PPM_CL_CLONE_CHILD_SETTID (1 << 24)
#define PPM_CL_CLONE_SETTLS (1 << 25)
#define PPM_CL_CLONE_VFORK (1 << 27)
#define PPM_CL_CLONE_NEWCGROUP (1 << 28)
#define PPM_CL_CHILD_IN_PIDNS (1 << 29)

#define PPM_EXE_WRITABLE (1 << 0)
#define PPM_EXE_UPPER_LAYER (1 << 1)
#define PPM_EXE_FROM_MEMFD (1 << 2)
#define PPM_EXE_LOWER_LAYER (1 << 3)

#define PPM_AT_FDCWD -100
#define PPM_AT_REMOVEDIR 0x200

#define PPM_MFD_CLOEXEC (1 << 0)
#define PPM_MFD_ALLOW_SEALING (1 << 1)
#define PPM_MFD_HUGETLB (1 << 2)

#define PPM_MODULE_INIT_IGNORE_MODVERSIONS 1
#define PPM_MODULE_INIT_IGNORE_VERMAGIC 2
#define PPM_MODULE_INIT_COMPRESSED_FILE 4

#define PPM_RESOLVE_BENEATH (1 << 0)
#define PPM_RESOLVE_IN_ROOT (1 << 1)
#define PPM_RESOLVE_NO_MAGICLINKS (1 << 2)
#define PPM_RESOLVE_NO_SYMLINKS (1 << 3)
#define PPM_RESOLVE_NO_XDEV (1 << 4)
#define PPM_RESOLVE_CACHED (1 << 5)

/* ptrace: scap request codes and the tag byte of its two dynamic parameters */
#define PPM_PTRACE_UNKNOWN 0
#define PPM_PTRACE_TRACEME 1
#define PPM_PTRACE_PEEKTEXT 2
#define PPM_PTRACE_PEEKDATA 3
#define PPM_PTRACE_PEEKUSR 4
#define PPM_PTRACE_POKETEXT 5
#define PPM_PTRACE_POKEDATA 6
#define PPM_PTRACE_POKEUSR 7
#define PPM_PTRACE_CONT 8
#define PPM_PTRACE_KILL 9
#define PPM_PTRACE_SINGLESTEP 10
#define PPM_PTRACE_ATTACH 11
#define PPM_PTRACE_DETACH 12
#define PPM_PTRACE_SYSCALL 13
#define PPM_PTRACE_SETOPTIONS 14
#define PPM_PTRACE_GETEVENTMSG 15
#define PPM_PTRACE_GETSIGINFO 16
#define PPM_PTRACE_SETSIGINFO 17
#define PPM_PTRACE_GETREGSET 18
#define PPM_PTRACE_SETREGSET 19
#define PPM_PTRACE_SEIZE 20
#define PPM_PTRACE_INTERRUPT 21
#define PPM_PTRACE_LISTEN 22
#define PPM_PTRACE_PEEKSIGINFO 23
#define PPM_PTRACE_GETSIGMASK 24
#define PPM_PTRACE_SETSIGMASK 25
#define PPM_PTRACE_GETREGS 26
#define PPM_PTRACE_SETREGS 27
#define PPM_PTRACE_GETFPREGS 28
#define PPM_PTRACE_SETFPREGS 29
#define PPM_PTRACE_GETFPXREGS 30
#define PPM_PTRACE_SETFPXREGS 31
#define PPM_PTRACE_OLDSETOPTIONS 32
#define PPM_PTRACE_GET_THREAD_AREA 33
#define PPM_PTRACE_SET_THREAD_AREA 34
#define PPM_PTRACE_ARCH_PRCTL 35
#define PPM_PTRACE_SYSEMU 36
#define PPM_PTRACE_SYSEMU_SINGLESTEP 37
#define PPM_PTRACE_SINGLEBLOCK 38
#define PPM_PTRACE_IDX_UINT64 0
#define PPM_PTRACE_IDX_SIGTYPE 1

/* scap address families equal Linux's numbering for every family. */
#define PPM_AF_UNIX 1
#define PPM_AF_INET 2
#define PPM_AF_INET6 10

/* ---- Linux ABI values that vmlinux.h (BTF) does not carry: macros ---- */
#define K_O_WRONLY 00000001
#define K_O_RDWR 00000002
#define K_O_CREAT 00000100
#define K_O_EXCL 00000200
#define K_O_TRUNC 00001000
#define K_O_APPEND 00002000
#define K_O_NONBLOCK 00004000
#define K_O_DSYNC 00010000
#define K_O_DIRECT 00040000
#define K_O_LARGEFILE 00100000
#define K_O_DIRECTORY 00200000
#define K_O_CLOEXEC 02000000
#define K_O_SYNC (04000000 | K_O_DSYNC)
#define K_O_TMPFILE (020000000 | K_O_DIRECTORY)
#define K_AT_FDCWD -100
#define K_AT_REMOVEDIR 0x200
#define K_AF_UNIX 1
#define K_AF_INET 2
#define K_AF_INET6 10
#define K_S_IFMT 00170000
#define K_S_IFSOCK 0140000
#define K_S_IFREG 0100000
#define K_S_IFDIR 0040000
#define K_S_IFLNK 0120000
#define K_MFD_CLOEXEC 0x1U
#define K_MFD_ALLOW_SEALING 0x2U
#define K_MFD_HUGETLB 0x4U
#define K_CLONE_VM 0x00000100
#define K_CLONE_FS 0x00000200
#define K_CLONE_FILES 0x00000400
#define K_CLONE_SIGHAND 0x00000800
#define K_CLONE_PTRACE 0x00002000
#define K_CLONE_VFORK 0x00004000
#define K_CLONE_PARENT 0x00008000
#define K_CLONE_THREAD 0x00010000
#define K_CLONE_NEWNS 0x00020000
#define K_CLONE_SYSVSEM 0x00040000
#define K_CLONE_SETTLS 0x00080000
#define K_CLONE_PARENT_SETTID 0x00100000
#define K_CLONE_CHILD_CLEARTID 0x00200000
#define K_CLONE_UNTRACED 0x00800000
#define K_CLONE_CHILD_SETTID 0x01000000
#define K_CLONE_NEWCGROUP 0x02000000
#define K_CLONE_NEWUTS 0x04000000
#define K_CLONE_NEWIPC 0x08000000
#define K_CLONE_NEWUSER 0x10000000
#define K_CLONE_NEWPID 0x20000000
#define K_CLONE_NEWNET 0x40000000
#define K_CLONE_IO 0x80000000
#define K_PF_KTHREAD 0x00200000
#define K_FMODE_CREATED (1 << 20)
#define K_PF_EXITING 0x00000004
#define K_TS_COMPAT 0x0002
#define K_EINPROGRESS 115
#define K_RLIMIT_NOFILE 7
#define K_SB_RDONLY 1
#define K_S_IMMUTABLE 8
#define K_CAP_DAC_OVERRIDE 1
#define K_CAP_FOWNER 3
#define K_OVERLAYFS_SUPER_MAGIC 0x794c7630
#define K_MINORBITS 20
#define K_MM_FILEPAGES 0
#define K_MM_ANONPAGES 1
#define K_MM_SWAPENTS 2
#define K_MM_SHMEMPAGES 3
#define K_PAGE_SHIFT 12
#define K_RESOLVE_NO_XDEV 0x01
#define K_RESOLVE_NO_MAGICLINKS 0x02
#define K_RESOLVE_NO_SYMLINKS 0x04
#define K_RESOLVE_BENEATH 0x08
#define K_RESOLVE_IN_ROOT 0x10
#define K_RESOLVE_CACHED 0x20
#define K_MODULE_INIT_IGNORE_MODVERSIONS 1
#define K_MODULE_INIT_IGNORE_VERMAGIC 2
#define K_MODULE_INIT_COMPRESSED_FILE 4
#define K_SOCK_NONBLOCK K_O_NONBLOCK
#define K_SOCK_CLOEXEC K_O_CLOEXEC

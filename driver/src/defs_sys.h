/* Constants of the process, credential, namespace and memory handlers
 * (handlers_sys.h): their scap exit event codes (libs 0.25.4 table), x86_64
 * system call numbers, the scap flag values their parameters use and the
 * Linux ABI values those are translated from. Facts of the scap format and of
 * the kernel ABI, kept apart from defs.h so each handler file owns its own.
 */
#pragma once

/* ---- scap exit event codes ---- */
#define PPME_SYSCALL_PIPE_X 61
#define PPME_SYSCALL_EVENTFD_X 63
#define PPME_SYSCALL_CHDIR_X 95
#define PPME_SYSCALL_FCHDIR_X 97
#define PPME_SYSCALL_SIGNALFD_X 127
#define PPME_SYSCALL_KILL_X 129
#define PPME_SYSCALL_TKILL_X 131
#define PPME_SYSCALL_TGKILL_X 133
#define PPME_SYSCALL_TIMERFD_CREATE_X 137
#define PPME_SYSCALL_INOTIFY_INIT_X 139
#define PPME_SYSCALL_GETRLIMIT_X 141
#define PPME_SYSCALL_SETRLIMIT_X 143
#define PPME_SYSCALL_PRLIMIT_X 145
#define PPME_SYSCALL_FCNTL_X 151
#define PPME_SYSCALL_BRK_4_X 159
#define PPME_SYSCALL_MMAP_X 161
#define PPME_SYSCALL_MUNMAP_X 165
#define PPME_SYSCALL_SETRESUID_X 193
#define PPME_SYSCALL_SETRESGID_X 195
#define PPME_SYSCALL_SETNS_X 241
#define PPME_SYSCALL_FLOCK_X 243
#define PPME_SYSCALL_MOUNT_X 257
#define PPME_SYSCALL_CHROOT_X 267
#define PPME_SYSCALL_RMDIR_2_X 279
#define PPME_SYSCALL_UNSHARE_X 285
#define PPME_SYSCALL_SECCOMP_X 299
#define PPME_SYSCALL_LINK_2_X 309
#define PPME_SYSCALL_LINKAT_2_X 311
#define PPME_SYSCALL_MPROTECT_X 329
#define PPME_SYSCALL_CAPSET_X 353
#define PPME_SYSCALL_EPOLL_CREATE_X 375
#define PPME_SYSCALL_EPOLL_CREATE1_X 377
#define PPME_SYSCALL_CHOWN_X 379
#define PPME_SYSCALL_LCHOWN_X 381
#define PPME_SYSCALL_FCHOWN_X 383
#define PPME_SYSCALL_FCHOWNAT_X 385
#define PPME_SYSCALL_UMOUNT2_X 391
#define PPME_SYSCALL_PIPE2_X 393
#define PPME_SYSCALL_INOTIFY_INIT1_X 395
#define PPME_SYSCALL_EVENTFD2_X 397
#define PPME_SYSCALL_SIGNALFD4_X 399
#define PPME_SYSCALL_PRCTL_X 401
#define PPME_SYSCALL_SETREUID_X 427
#define PPME_SYSCALL_SETREGID_X 429

/* ---- x86_64 system call numbers ---- */
#define NR_mmap 9
#define NR_mprotect 10
#define NR_munmap 11
#define NR_brk 12
#define NR_pipe 22
#define NR_kill 62
#define NR_fcntl 72
#define NR_flock 73
#define NR_chdir 80
#define NR_fchdir 81
#define NR_rmdir 84
#define NR_link 86
#define NR_chown 92
#define NR_fchown 93
#define NR_lchown 94
#define NR_getrlimit 97
#define NR_setreuid 113
#define NR_setregid 114
#define NR_setresuid 117
#define NR_setresgid 119
#define NR_capset 126
#define NR_prctl 157
#define NR_setrlimit 160
#define NR_chroot 161
#define NR_mount 165
#define NR_umount2 166
#define NR_tkill 200
#define NR_epoll_create 213
#define NR_tgkill 234
#define NR_inotify_init 253
#define NR_fchownat 260
#define NR_linkat 265
#define NR_unshare 272
#define NR_signalfd 282
#define NR_timerfd_create 283
#define NR_eventfd 284
#define NR_signalfd4 289
#define NR_eventfd2 290
#define NR_epoll_create1 291
#define NR_pipe2 293
#define NR_inotify_init1 294
#define NR_prlimit64 302
#define NR_setns 308
#define NR_seccomp 317

/* ---- scap flag values ---- */
#define PPM_MNT_FORCE (1 << 0)
#define PPM_MNT_DETACH (1 << 1)
#define PPM_MNT_EXPIRE (1 << 2)
#define PPM_UMOUNT_NOFOLLOW (1 << 3)

/* mount flags travel as the kernel's, minus the obsolete magic number. */
#define PPM_MS_MGC_MSK 0xffff0000U
#define PPM_MS_MGC_VAL 0xC0ED0000U

#define PPM_PROT_READ (1 << 0)
#define PPM_PROT_WRITE (1 << 1)
#define PPM_PROT_EXEC (1 << 2)
#define PPM_PROT_SEM (1 << 3)
#define PPM_PROT_GROWSDOWN (1 << 4)
#define PPM_PROT_GROWSUP (1 << 5)
#define PPM_PROT_SAO (1 << 6)

#define PPM_MAP_SHARED (1 << 0)
#define PPM_MAP_PRIVATE (1 << 1)
#define PPM_MAP_FIXED (1 << 2)
#define PPM_MAP_ANONYMOUS (1 << 3)
#define PPM_MAP_32BIT (1 << 4)
#define PPM_MAP_NORESERVE (1 << 6)
#define PPM_MAP_POPULATE (1 << 7)
#define PPM_MAP_NONBLOCK (1 << 8)
#define PPM_MAP_GROWSDOWN (1 << 9)
#define PPM_MAP_DENYWRITE (1 << 10)
#define PPM_MAP_EXECUTABLE (1 << 11)
#define PPM_MAP_INHERIT (1 << 12)
#define PPM_MAP_LOCKED (1 << 14)

#define PPM_FCNTL_UNKNOWN 0
#define PPM_FCNTL_F_DUPFD 1
#define PPM_FCNTL_F_GETFD 2
#define PPM_FCNTL_F_SETFD 3
#define PPM_FCNTL_F_GETFL 4
#define PPM_FCNTL_F_SETFL 5
#define PPM_FCNTL_F_GETLK 6
#define PPM_FCNTL_F_SETLK 8
#define PPM_FCNTL_F_SETLKW 9
#define PPM_FCNTL_F_SETOWN 10
#define PPM_FCNTL_F_GETOWN 12
#define PPM_FCNTL_F_SETSIG 13
#define PPM_FCNTL_F_GETSIG 15
#define PPM_FCNTL_F_GETLK64 17
#define PPM_FCNTL_F_SETLK64 18
#define PPM_FCNTL_F_SETLKW64 19
#define PPM_FCNTL_F_SETOWN_EX 21
#define PPM_FCNTL_F_GETOWN_EX 22
#define PPM_FCNTL_F_SETLEASE 23
#define PPM_FCNTL_F_GETLEASE 24
#define PPM_FCNTL_F_CANCELLK 25
#define PPM_FCNTL_F_DUPFD_CLOEXEC 26
#define PPM_FCNTL_F_NOTIFY 27
#define PPM_FCNTL_F_SETPIPE_SZ 28
#define PPM_FCNTL_F_GETPIPE_SZ 29
#define PPM_FCNTL_F_OFD_GETLK 30
#define PPM_FCNTL_F_OFD_SETLK 31
#define PPM_FCNTL_F_OFD_SETLKW 32

#define PPM_AT_SYMLINK_FOLLOW 0x400
#define PPM_AT_EMPTY_PATH 0x1000

#define PPM_RLIMIT_UNKNOWN 255 /* scap numbers resources 0..15 like Linux */

#define PPM_EPOLL_CLOEXEC (1 << 0)

#define PPM_LOCK_SH (1 << 0)
#define PPM_LOCK_EX (1 << 1)
#define PPM_LOCK_NB (1 << 2)
#define PPM_LOCK_UN (1 << 3)

/* prctl options travel as the kernel numbers them. */
#define PPM_PR_SET_NAME 15
#define PPM_PR_GET_NAME 16
#define PPM_PR_SET_CHILD_SUBREAPER 36
#define PPM_PR_GET_CHILD_SUBREAPER 37

/* ---- Linux ABI values (x86_64) ---- */
#define K_MNT_FORCE 0x1
#define K_MNT_DETACH 0x2
#define K_MNT_EXPIRE 0x4
#define K_UMOUNT_NOFOLLOW 0x8

#define K_PROT_READ 0x1
#define K_PROT_WRITE 0x2
#define K_PROT_EXEC 0x4
#define K_PROT_SEM 0x8
#define K_PROT_SAO 0x10
#define K_PROT_GROWSDOWN 0x01000000
#define K_PROT_GROWSUP 0x02000000

#define K_MAP_SHARED 0x01
#define K_MAP_PRIVATE 0x02
#define K_MAP_FIXED 0x10
#define K_MAP_ANONYMOUS 0x20
#define K_MAP_32BIT 0x40
#define K_MAP_INHERIT 0x80 /* not an x86 flag; the libs test this bit all the same */
#define K_MAP_GROWSDOWN 0x0100
#define K_MAP_DENYWRITE 0x0800
#define K_MAP_EXECUTABLE 0x1000
#define K_MAP_LOCKED 0x2000
#define K_MAP_NORESERVE 0x4000
#define K_MAP_POPULATE 0x8000
#define K_MAP_NONBLOCK 0x10000

#define K_F_DUPFD 0
#define K_F_GETFD 1
#define K_F_SETFD 2
#define K_F_GETFL 3
#define K_F_SETFL 4
#define K_F_GETLK 5
#define K_F_SETLK 6
#define K_F_SETLKW 7
#define K_F_SETOWN 8
#define K_F_GETOWN 9
#define K_F_SETSIG 10
#define K_F_GETSIG 11
#define K_F_GETLK64 12 /* 32-bit only; the modern probe maps them on every arch */
#define K_F_SETLK64 13
#define K_F_SETLKW64 14
#define K_F_SETOWN_EX 15
#define K_F_GETOWN_EX 16
#define K_F_OFD_GETLK 36
#define K_F_OFD_SETLK 37
#define K_F_OFD_SETLKW 38
#define K_F_SETLEASE 1024
#define K_F_GETLEASE 1025
#define K_F_NOTIFY 1026
#define K_F_CANCELLK 1029
#define K_F_DUPFD_CLOEXEC 1030
#define K_F_SETPIPE_SZ 1031
#define K_F_GETPIPE_SZ 1032

#define K_AT_SYMLINK_FOLLOW 0x400
#define K_AT_EMPTY_PATH 0x1000

#define K_RLIMIT_RTTIME 15 /* the last resource scap knows */

#define K_LOCK_SH 1
#define K_LOCK_EX 2
#define K_LOCK_NB 4
#define K_LOCK_UN 8


/* ---- state calls without a descriptor table of their own (handlers_state.h):
 * session, descriptor ranges, pidfds, open by handle ---- */
#define PPME_SYSCALL_SETSID_X 275
#define PPME_SYSCALL_OPEN_BY_HANDLE_AT_X 337
#define PPME_SYSCALL_PIDFD_GETFD_X 407
#define PPME_SYSCALL_PIDFD_OPEN_X 409
#define PPME_SYSCALL_CLOSE_RANGE_X 451

#define NR_setsid 112
#define NR_open_by_handle_at 304
#define NR_pidfd_open 434
#define NR_close_range 436
#define NR_pidfd_getfd 438

#define PPM_PIDFD_NONBLOCK (1 << 0)
#define PPM_CLOSE_RANGE_UNSHARE (1 << 1)
#define PPM_CLOSE_RANGE_CLOEXEC (1 << 2)

#define K_PIDFD_NONBLOCK K_O_NONBLOCK
#define K_CLOSE_RANGE_UNSHARE (1U << 1)
#define K_CLOSE_RANGE_CLOEXEC (1U << 2)

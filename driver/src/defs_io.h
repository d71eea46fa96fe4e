/* Constants of the data transfer, io_uring, bpf and other fd handlers
 * (handlers_io.h): scap exit event codes (libs 0.25.4 table), x86_64 call
 * numbers, scap flag values and the kernel ABI values they are converted
 * from. Kept apart from defs.h so that each handler file owns its numbers.
 */
#pragma once

/* ---- scap exit event codes ---- */
#define PPME_SYSCALL_READ_X 7
#define PPME_SYSCALL_WRITE_X 9
#define PPME_SOCKET_SHUTDOWN_X 37
#define PPME_SOCKET_SOCKETPAIR_X 43
#define PPME_SOCKET_SETSOCKOPT_X 45
#define PPME_SOCKET_GETSOCKOPT_X 47
#define PPME_SOCKET_SENDMSG_X 49
#define PPME_SOCKET_SENDMMSG_X 51
#define PPME_SOCKET_RECVMSG_X 53
#define PPME_SOCKET_RECVMMSG_X 55
#define PPME_SYSCALL_POLL_X 81
#define PPME_SYSCALL_SELECT_X 83
#define PPME_SYSCALL_LSEEK_X 87
#define PPME_SYSCALL_PREAD_X 113
#define PPME_SYSCALL_PWRITE_X 115
#define PPME_SYSCALL_READV_X 117
#define PPME_SYSCALL_WRITEV_X 119
#define PPME_SYSCALL_PREADV_X 121
#define PPME_SYSCALL_PWRITEV_X 123
#define PPME_SYSCALL_SPLICE_X 167
#define PPME_SYSCALL_IOCTL_3_X 171
#define PPME_SYSCALL_SENDFILE_X 189
#define PPME_SYSCALL_GETDENTS_X 237
#define PPME_SYSCALL_GETDENTS64_X 239
#define PPME_SYSCALL_PPOLL_X 255
#define PPME_SYSCALL_USERFAULTFD_X 321
#define PPME_SYSCALL_COPY_FILE_RANGE_X 333
#define PPME_SYSCALL_IO_URING_SETUP_X 339
#define PPME_SYSCALL_IO_URING_ENTER_X 341
#define PPME_SYSCALL_IO_URING_REGISTER_X 343
#define PPME_SYSCALL_BPF_2_X 369
#define PPME_SYSCALL_PROCESS_VM_READV_X 421
#define PPME_SYSCALL_PROCESS_VM_WRITEV_X 423

/* ---- x86_64 system call numbers ---- */
#define NR_read 0
#define NR_write 1
#define NR_poll 7
#define NR_lseek 8
#define NR_ioctl 16
#define NR_pread64 17
#define NR_pwrite64 18
#define NR_readv 19
#define NR_writev 20
#define NR_select 23
#define NR_sendfile 40
#define NR_sendmsg 46
#define NR_recvmsg 47
#define NR_shutdown 48
#define NR_socketpair 53
#define NR_setsockopt 54
#define NR_getsockopt 55
#define NR_getdents 78
#define NR_getdents64 217
#define NR_ppoll 271
#define NR_splice 275
#define NR_preadv 295
#define NR_pwritev 296
#define NR_recvmmsg 299
#define NR_sendmmsg 307
#define NR_process_vm_readv 310
#define NR_process_vm_writev 311
#define NR_bpf 321
#define NR_userfaultfd 323
#define NR_copy_file_range 326
#define NR_io_uring_setup 425
#define NR_io_uring_enter 426
#define NR_io_uring_register 427

/* ---- limits ---- */
#define MAX_IOVCNT 32      /* iovec entries looked at (data and total size) */
#define MAX_MMSG 16        /* messages of one sendmmsg/recvmmsg reported, one event each */
#define MAX_POLLFD 16      /* pollfd entries reported by poll/ppoll */

/* ---- scap values ---- */
#define PPM_SHUT_RD 0
#define PPM_SHUT_WR 1
#define PPM_SHUT_RDWR 2
#define PPM_SHUT_UNKNOWN 0xffff

#define PPM_SEEK_SET 0
#define PPM_SEEK_CUR 1
#define PPM_SEEK_END 2

#define PPM_POLLIN (1 << 0)
#define PPM_POLLPRI (1 << 1)
#define PPM_POLLOUT (1 << 2)
#define PPM_POLLRDHUP (1 << 3)
#define PPM_POLLERR (1 << 4)
#define PPM_POLLHUP (1 << 5)
#define PPM_POLLNVAL (1 << 6)
#define PPM_POLLRDNORM (1 << 7)
#define PPM_POLLRDBAND (1 << 8)
#define PPM_POLLWRNORM (1 << 9)
#define PPM_POLLWRBAND (1 << 10)

#define PPM_SPLICE_F_MOVE (1 << 0)
#define PPM_SPLICE_F_NONBLOCK (1 << 1)
#define PPM_SPLICE_F_MORE (1 << 2)
#define PPM_SPLICE_F_GIFT (1 << 3)

#define PPM_IORING_SETUP_IOPOLL (1 << 0)
#define PPM_IORING_SETUP_SQPOLL (1 << 1)
#define PPM_IORING_SQ_NEED_WAKEUP (1 << 2)
#define PPM_IORING_SETUP_SQ_AFF (1 << 3)
#define PPM_IORING_SETUP_CQSIZE (1 << 4)
#define PPM_IORING_SETUP_CLAMP (1 << 5)
#define PPM_IORING_SETUP_ATTACH_WQ (1 << 6)
#define PPM_IORING_SETUP_R_DISABLED (1 << 7)

#define PPM_IORING_FEAT_SINGLE_MMAP (1 << 0)
#define PPM_IORING_FEAT_NODROP (1 << 1)
#define PPM_IORING_FEAT_SUBMIT_STABLE (1 << 2)
#define PPM_IORING_FEAT_RW_CUR_POS (1 << 3)
#define PPM_IORING_FEAT_CUR_PERSONALITY (1 << 4)
#define PPM_IORING_FEAT_FAST_POLL (1 << 5)
#define PPM_IORING_FEAT_POLL_32BITS (1 << 6)
#define PPM_IORING_FEAT_SQPOLL_NONFIXED (1 << 7)
#define PPM_IORING_FEAT_ENTER_EXT_ARG (1 << 8)
#define PPM_IORING_FEAT_NATIVE_WORKERS (1 << 9)
#define PPM_IORING_FEAT_RSRC_TAGS (1 << 10)

#define PPM_IORING_ENTER_GETEVENTS (1 << 0)
#define PPM_IORING_ENTER_SQ_WAKEUP (1 << 1)
#define PPM_IORING_ENTER_SQ_WAIT (1 << 2)
#define PPM_IORING_ENTER_EXT_ARG (1 << 3)

#define PPM_SOCKOPT_LEVEL_UNKNOWN 0
#define PPM_SOCKOPT_LEVEL_SOL_SOCKET 1
#define PPM_SOCKOPT_LEVEL_SOL_TCP 2

/* first byte of setsockopt/getsockopt's dynamic `val` parameter */
#define PPM_SOCKOPT_IDX_UNKNOWN 0
#define PPM_SOCKOPT_IDX_ERRNO 1
#define PPM_SOCKOPT_IDX_UINT32 2
#define PPM_SOCKOPT_IDX_UINT64 3
#define PPM_SOCKOPT_IDX_TIMEVAL 4

/* ---- Linux ABI values (x86_64) ---- */
#define K_SHUT_RD 0
#define K_SHUT_WR 1
#define K_SHUT_RDWR 2

#define K_SEEK_SET 0
#define K_SEEK_CUR 1
#define K_SEEK_END 2

#define K_POLLIN 0x0001
#define K_POLLPRI 0x0002
#define K_POLLOUT 0x0004
#define K_POLLERR 0x0008
#define K_POLLHUP 0x0010
#define K_POLLNVAL 0x0020
#define K_POLLRDNORM 0x0040
#define K_POLLRDBAND 0x0080
#define K_POLLWRNORM 0x0100
#define K_POLLWRBAND 0x0200
#define K_POLLRDHUP 0x2000

#define K_SPLICE_F_MOVE 0x01
#define K_SPLICE_F_NONBLOCK 0x02
#define K_SPLICE_F_MORE 0x04
#define K_SPLICE_F_GIFT 0x08

#define K_IORING_SETUP_IOPOLL (1U << 0)
#define K_IORING_SETUP_SQPOLL (1U << 1)
#define K_IORING_SETUP_SQ_AFF (1U << 2)
#define K_IORING_SETUP_CQSIZE (1U << 3)
#define K_IORING_SETUP_CLAMP (1U << 4)
#define K_IORING_SETUP_ATTACH_WQ (1U << 5)
#define K_IORING_SETUP_R_DISABLED (1U << 6)
#define K_IORING_SQ_NEED_WAKEUP (1U << 0)

#define K_IORING_FEAT_SINGLE_MMAP (1U << 0)
#define K_IORING_FEAT_NODROP (1U << 1)
#define K_IORING_FEAT_SUBMIT_STABLE (1U << 2)
#define K_IORING_FEAT_RW_CUR_POS (1U << 3)
#define K_IORING_FEAT_CUR_PERSONALITY (1U << 4)
#define K_IORING_FEAT_FAST_POLL (1U << 5)
#define K_IORING_FEAT_POLL_32BITS (1U << 6)
#define K_IORING_FEAT_SQPOLL_NONFIXED (1U << 7)
#define K_IORING_FEAT_EXT_ARG (1U << 8)
#define K_IORING_FEAT_NATIVE_WORKERS (1U << 9)
#define K_IORING_FEAT_RSRC_TAGS (1U << 10)

#define K_IORING_ENTER_GETEVENTS (1U << 0)
#define K_IORING_ENTER_SQ_WAKEUP (1U << 1)
#define K_IORING_ENTER_SQ_WAIT (1U << 2)
#define K_IORING_ENTER_EXT_ARG (1U << 3)

#define K_SOL_SOCKET 1
#define K_SOL_TCP 6
#define K_SO_ERROR 4
#define K_SO_RCVTIMEO_OLD 20
#define K_SO_SNDTIMEO_OLD 21
#define K_SO_COOKIE 57
#define K_SO_RCVTIMEO_NEW 66
#define K_SO_SNDTIMEO_NEW 67

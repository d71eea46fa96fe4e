/* Child of test/live/probe-io.test.ts: makes the data transfer, socket,
 * io_uring, bpf, userfaultfd, process_vm and polling calls the probe's
 * handlers_io.h reports, with known arguments, and prints one line per call
 * (its name, result and the values the test cannot know in advance).
 * Usage: probe-io-child DIR (an empty scratch directory).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* Each line: a name and the values the test expects in that call's event. */
#define OUT(...) do { printf(__VA_ARGS__); putchar('\n'); } while (0)

static struct sockaddr_in loopback(int fd)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t n = sizeof(a);
	if (fd >= 0) getsockname(fd, (struct sockaddr *)&a, &n);
	return a;
}

int main(int argc, char **argv)
{
	const char *dir = argv[1];
	char path[512], path2[512], big[200], buf[256];
	snprintf(path, sizeof(path), "%s/data", dir);
	snprintf(path2, sizeof(path2), "%s/copy", dir);
	for (int i = 0; i < 200; i++) big[i] = 'A' + i % 26;
	memcpy(big, "marker-write:", 13);

	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	int fd2 = open(path2, O_CREAT | O_RDWR | O_TRUNC, 0600);
	OUT("files %d %d", fd, fd2);
	OUT("write %zd", write(fd, big, 200));
	OUT("pwrite64 %zd", pwrite(fd, "pw-data", 7, 700));
	char xs[100];
	memset(xs, 'x', sizeof(xs));
	struct iovec wv[3] = { { "iov-one-", 8 }, { "", 0 }, { xs, 100 } };
	OUT("writev %zd", writev(fd, wv, 3));
	OUT("pwritev %zd", pwritev(fd, wv, 3, 500));
	OUT("lseek %ld", (long)lseek(fd, 5, SEEK_SET));
	OUT("lseek_cur %ld", (long)lseek(fd, 0, SEEK_CUR));
	OUT("read %zd", read(fd, buf, 100));
	OUT("pread64 %zd", pread(fd, buf, 7, 700));
	char r1[10], r2[20];
	struct iovec rv[2] = { { r1, 10 }, { r2, 20 } };
	OUT("readv %zd", readv(fd, rv, 2));
	OUT("preadv %zd", preadv(fd, rv, 2, 500));
	OUT("badread %zd", read(9999, buf, 10));
	OUT("badwrite %zd", write(9999, "failed-write", 12));
	int n = -1;
	OUT("ioctl %d %lu", ioctl(fd, FIONREAD, &n), (unsigned long)&n);
	off_t off = 10;
	ssize_t sent = sendfile(fd2, fd, &off, 50);
	OUT("sendfile %zd %ld", sent, (long)off);
	int p[2];
	pipe(p);
	loff_t soff = 20;
	ssize_t spliced = splice(fd, &soff, p[1], NULL, 20, SPLICE_F_MOVE | SPLICE_F_MORE);
	OUT("splice %zd %d %d", spliced, p[0], p[1]);
	loff_t in_off = 0, out_off = 100;
	OUT("copy_file_range %zd %lu %lu", copy_file_range(fd, &in_off, fd2, &out_off, 16, 0),
	    (unsigned long)&in_off, (unsigned long)&out_off);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	OUT("getdents64 %ld %d", syscall(SYS_getdents64, dfd, buf, sizeof(buf)), dfd);
	lseek(dfd, 0, SEEK_SET);
	OUT("getdents %ld", syscall(SYS_getdents, dfd, buf, sizeof(buf)));

	/* a unix socket pair */
	int sv[2];
	int sp = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	OUT("socketpair %d %d %d", sp, sv[0], sv[1]);
	struct iovec sm[2] = { { "sm-a", 4 }, { "sm-bb", 5 } };
	struct msghdr mh = { .msg_iov = sm, .msg_iovlen = 2 };
	OUT("sendmsg_unix %zd", sendmsg(sv[0], &mh, 0));
	char rb[64];
	struct iovec ri = { rb, sizeof(rb) };
	struct msghdr rh = { .msg_iov = &ri, .msg_iovlen = 1 };
	OUT("recvmsg_unix %zd", recvmsg(sv[1], &rh, 0));
	int rcvbuf = 65536;
	OUT("setsockopt %d", setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)));
	struct timeval tv = { 2, 500000 };
	OUT("setsockopt_timeo %d", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	int type = 0;
	socklen_t tlen = sizeof(type);
	int gs = getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &tlen);
	OUT("getsockopt %d %d", gs, type);
	OUT("shutdown %d", shutdown(sv[0], SHUT_WR));

	/* UDP: unconnected and connected senders */
	int srv = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in sa = loopback(-1);
	bind(srv, (struct sockaddr *)&sa, sizeof(sa));
	sa = loopback(srv);
	int cli = socket(AF_INET, SOCK_DGRAM, 0);
	OUT("sendto_udp %zd", sendto(cli, "udp-sendto", 10, 0, (struct sockaddr *)&sa, sizeof(sa)));
	struct sockaddr_in cl = loopback(cli);
	OUT("ports %d %d", ntohs(sa.sin_port), ntohs(cl.sin_port));
	struct iovec ui = { "udp-sendmsg", 11 };
	struct msghdr um = { .msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &ui, .msg_iovlen = 1 };
	OUT("sendmsg_udp %zd", sendmsg(cli, &um, 0));
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	OUT("recvfrom_udp %zd", recvfrom(srv, rb, sizeof(rb), 0, (struct sockaddr *)&from, &fl));
	struct sockaddr_in from2;
	struct iovec ri2 = { rb, sizeof(rb) };
	struct msghdr rm = { .msg_name = &from2, .msg_namelen = sizeof(from2), .msg_iov = &ri2, .msg_iovlen = 1 };
	OUT("recvmsg_udp %zd", recvmsg(srv, &rm, 0));
	int con = socket(AF_INET, SOCK_DGRAM, 0);
	connect(con, (struct sockaddr *)&sa, sizeof(sa));
	struct sockaddr_in co = loopback(con);
	struct iovec ci = { "udp-connected", 13 };
	struct msghdr cm = { .msg_iov = &ci, .msg_iovlen = 1 };
	OUT("sendmsg_connected %zd %d", sendmsg(con, &cm, 0), ntohs(co.sin_port));
	recv(srv, rb, sizeof(rb), 0);
	/* three datagrams at once, then received at once */
	struct mmsghdr mm[3];
	struct iovec mi[3] = { { "mm-0", 4 }, { "mm-11", 5 }, { "mm-222", 6 } };
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < 3; i++) {
		mm[i].msg_hdr.msg_name = &sa;
		mm[i].msg_hdr.msg_namelen = sizeof(sa);
		mm[i].msg_hdr.msg_iov = &mi[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	OUT("sendmmsg %d", sendmmsg(cli, mm, 3, 0));
	struct mmsghdr rmm[3];
	char rbufs[3][32];
	struct iovec rmi[3];
	struct sockaddr_in rfrom[3];
	memset(rmm, 0, sizeof(rmm));
	for (int i = 0; i < 3; i++) {
		rmi[i].iov_base = rbufs[i];
		rmi[i].iov_len = sizeof(rbufs[i]);
		rmm[i].msg_hdr.msg_iov = &rmi[i];
		rmm[i].msg_hdr.msg_iovlen = 1;
		rmm[i].msg_hdr.msg_name = &rfrom[i];
		rmm[i].msg_hdr.msg_namelen = sizeof(rfrom[i]);
	}
	OUT("recvmmsg %d", recvmmsg(srv, rmm, 3, MSG_DONTWAIT, NULL));

	/* io_uring, bpf, userfaultfd */
	unsigned int params[30] = { 0 }; /* struct io_uring_params is 120 bytes */
	int ring = syscall(425, 8, params);
	OUT("io_uring_setup %d %u %u %u", ring, params[0], params[1], params[5]);
	OUT("io_uring_enter %ld", syscall(426, ring, 0, 0, 1 /* IORING_ENTER_GETEVENTS */, NULL, 0));
	OUT("io_uring_register %ld", syscall(427, ring, 1 /* IORING_UNREGISTER_BUFFERS */, NULL, 0));
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	OUT("bpf %ld", syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr)));
	OUT("userfaultfd %ld", syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK));

	/* process_vm_* on this process */
	char secret[] = "pvm-secret-data", got[32] = { 0 };
	struct iovec local = { got, 15 }, remote = { secret, 15 };
	OUT("process_vm_readv %zd %d", process_vm_readv(getpid(), &local, 1, &remote, 1, 0), getpid());
	char target[32] = { 0 };
	struct iovec wl = { "pvm-written", 11 }, wr = { target, 11 };
	OUT("process_vm_writev %zd", process_vm_writev(getpid(), &wl, 1, &wr, 1, 0));

	/* waiting */
	int q[2];
	pipe(q);
	write(q[1], "x", 1);
	struct pollfd pf[2] = { { q[0], POLLIN, 0 }, { q[1], POLLOUT, 0 } };
	OUT("poll %d %d %d", poll(pf, 2, 100), q[0], q[1]);
	struct timespec ts = { 1, 500 };
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	OUT("ppoll %d", ppoll(pf, 2, &ts, &set));
	struct timeval zero = { 0, 0 };
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(q[0], &rs);
	/* glibc's select() may go through pselect6: the select call itself */
	OUT("select %ld", syscall(SYS_select, q[0] + 1, &rs, NULL, NULL, &zero));
	return 0;
}

/* Reading kernel state: syscall arguments, the current task, its files and
 * sockets. Everything goes through CO-RE reads so that one object loads on
 * any kernel with BTF; the `___old` flavours cover field renames of the 6.x
 * series (older layouts keep the same field under another name).
 */
#pragma once

#include "defs.h"

/* ---- older kernel layouts, matched by CO-RE on their field names ---- */
struct kernfs_node___old {
	struct kernfs_node *parent;
};

struct inode___old {
	struct timespec64 i_ctime;
	struct timespec64 i_mtime;
};

struct inode___v6_6 {
	struct timespec64 __i_ctime;
};

struct mm_rss_stat___old {
	atomic_long_t count[4];
};

struct mm_struct___old {
	struct mm_rss_stat___old rss_stat;
};

/* x86_64 system call arguments live in these registers. */
static __always_inline unsigned long syscall_arg(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0: return regs->di;
	case 1: return regs->si;
	case 2: return regs->dx;
	case 3: return regs->r10;
	case 4: return regs->r8;
	default: return regs->r9;
	}
}

static __always_inline struct task_struct *current_task(void)
{
	return bpf_get_current_task_btf();
}

/* A 32-bit process calling through the ia32 entry: syscall numbers differ. */
static __always_inline bool in_compat_syscall(struct task_struct *t)
{
	return (t->thread_info.status & K_TS_COMPAT) != 0;
}

/* ---- pids ---- */

static __always_inline struct pid *task_pid_of(struct task_struct *t, enum pid_type type)
{
	if (type == PIDTYPE_PID)
		return BPF_CORE_READ(t, thread_pid);
	return BPF_CORE_READ(t, signal, pids[type]);
}

/* The number a pid has in the global namespace (level 0). */
static __always_inline __s32 pid_nr_global(struct pid *p)
{
	return p ? BPF_CORE_READ(p, numbers[0].nr) : 0;
}

/* The number a pid has in its own (innermost) namespace. */
static __always_inline __s32 pid_nr_own(struct pid *p)
{
	if (!p)
		return 0;
	__u32 level = BPF_CORE_READ(p, level);
	return BPF_CORE_READ(p, numbers[level & 31].nr);
}

static __always_inline struct pid_namespace *pid_ns_of(struct pid *p)
{
	if (!p)
		return NULL;
	__u32 level = BPF_CORE_READ(p, level);
	return BPF_CORE_READ(p, numbers[level & 31].ns);
}

/* Parent's thread id, as the libs report it (real_parent->pid). */
static __always_inline __s32 task_ptid(struct task_struct *t)
{
	return BPF_CORE_READ(t, real_parent, pid);
}

/* ---- credentials ---- */

static __always_inline __u32 task_euid(struct task_struct *t)
{
	return BPF_CORE_READ(t, cred, euid.val);
}

static __always_inline __u32 task_egid(struct task_struct *t)
{
	return BPF_CORE_READ(t, cred, egid.val);
}

static __always_inline __u32 task_loginuid(struct task_struct *t)
{
	if (bpf_core_field_exists(t->loginuid))
		return BPF_CORE_READ(t, loginuid.val);
	return 0xffffffff;
}

/* scap capability bits equal the kernel's; 41 are defined (up to CAP_CHECKPOINT_RESTORE). */
#define CAPS_KNOWN ((1ULL << 41) - 1)

static __always_inline __u64 task_cap_inheritable(struct task_struct *t)
{
	return BPF_CORE_READ(t, cred, cap_inheritable.val) & CAPS_KNOWN;
}

static __always_inline __u64 task_cap_permitted(struct task_struct *t)
{
	return BPF_CORE_READ(t, cred, cap_permitted.val) & CAPS_KNOWN;
}

static __always_inline __u64 task_cap_effective(struct task_struct *t)
{
	return BPF_CORE_READ(t, cred, cap_effective.val) & CAPS_KNOWN;
}

/* ---- resources ---- */

static __always_inline __u64 task_fdlimit(struct task_struct *t)
{
	return BPF_CORE_READ(t, signal, rlim[K_RLIMIT_NOFILE].rlim_cur);
}

/* Pages to KiB. */
#define PAGES_TO_KB(x) ((x) << (K_PAGE_SHIFT - 10))

static __always_inline __s64 mm_counter(struct mm_struct *mm, int member)
{
	if (bpf_core_field_exists(struct mm_struct___old, rss_stat.count))
		return BPF_CORE_READ((struct mm_struct___old *)mm, rss_stat.count[member].counter);
	return BPF_CORE_READ(mm, rss_stat[member].count);
}

static __always_inline __u32 mm_vm_size_kb(struct mm_struct *mm)
{
	if (!mm)
		return 0;
	return PAGES_TO_KB(BPF_CORE_READ(mm, total_vm));
}

static __always_inline __u32 mm_vm_rss_kb(struct mm_struct *mm)
{
	if (!mm)
		return 0;
	__s64 pages = mm_counter(mm, K_MM_FILEPAGES) + mm_counter(mm, K_MM_ANONPAGES) +
		      mm_counter(mm, K_MM_SHMEMPAGES);
	return pages > 0 ? PAGES_TO_KB(pages) : 0;
}

static __always_inline __u32 mm_vm_swap_kb(struct mm_struct *mm)
{
	if (!mm)
		return 0;
	__s64 pages = mm_counter(mm, K_MM_SWAPENTS);
	return pages > 0 ? PAGES_TO_KB(pages) : 0;
}

/* Userspace device encoding (new_encode_dev) of the kernel's dev_t. */
static __always_inline __u32 encode_dev(__u32 dev)
{
	__u32 major = dev >> K_MINORBITS;
	__u32 minor = dev & ((1U << K_MINORBITS) - 1);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

static __always_inline __u32 task_tty(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if (!tty)
		return 0;
	struct tty_driver *drv = BPF_CORE_READ(tty, driver);
	if (!drv)
		return 0;
	__u32 major = BPF_CORE_READ(drv, major);
	__u32 minor_start = BPF_CORE_READ(drv, minor_start);
	__u32 index = BPF_CORE_READ(tty, index);
	return encode_dev(((major << K_MINORBITS) | minor_start) + index);
}

/* Start time of the init process of the task's pid namespace (monotonic ns). */
static __always_inline __u64 task_pidns_init_start(struct task_struct *t)
{
	struct pid_namespace *ns = pid_ns_of(task_pid_of(t, PIDTYPE_TGID));
	if (!ns)
		return 0;
	return BPF_CORE_READ(ns, child_reaper, start_time);
}

/* ---- files ---- */

/* Two builds of this probe: the default one reads through pointers taken
 * out of kernel memory with direct loads after bpf_rdonly_cast (a kfunc of
 * Linux >= 6.2, which the verifier turns into a plain move), so a field costs
 * one instruction with a fault fixup instead of a helper call; the
 * FN_PROBE_READS build (probe-compat.bpf.o) uses bpf_probe_read_kernel and
 * loads on every kernel from 5.11. The loader picks by what the kernel has. */
#ifndef FN_PROBE_READS
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;
#define UNTRUSTED(type, p) ((type *)bpf_rdonly_cast((const void *)(p), bpf_core_type_id_kernel(type)))
#endif

/* The file behind a descriptor of task t (a trusted BTF pointer, so its
 * fields load directly), or NULL. */
static __always_inline struct file *task_fd_file(struct task_struct *t, __s64 fd)
{
	if (fd < 0)
		return NULL;
	struct files_struct *files = t->files;
	if (!files)
		return NULL;
	struct fdtable *fdt = files->fdt;
	if (!fdt || fd >= fdt->max_fds)
		return NULL;
#ifdef FN_PROBE_READS
	struct file **fds = fdt->fd;
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
#else
	/* The slot is read as the one pointer of a struct llist_node. */
	struct llist_node *slot = UNTRUSTED(struct llist_node, (unsigned long)fdt->fd + fd * sizeof(void *));
	return UNTRUSTED(struct file, slot->next);
#endif
}

/* The file behind a descriptor of the current task, or NULL. */
static __always_inline struct file *fd_to_file(__s64 fd)
{
	return task_fd_file(current_task(), fd);
}

static __always_inline struct inode *file_inode_of(struct file *f)
{
	return f ? BPF_CORE_READ(f, f_inode) : NULL;
}

enum overlay_layer { NOT_OVERLAY = 0, OVERLAY_UPPER, OVERLAY_LOWER };

/* On overlayfs the upper dentry is stored right after the vfs inode in the
 * overlay's own inode; an upper dentry with an inode means the file lives in
 * the upper (writable) layer. */
static __always_inline enum overlay_layer overlay_layer_of(struct file *f, unsigned long magic)
{
	if (!f || magic != K_OVERLAYFS_SUPER_MAGIC)
		return NOT_OVERLAY;
	struct dentry *d = BPF_CORE_READ(f, f_path.dentry);
	char *vfs_inode = (char *)BPF_CORE_READ(d, d_inode);
	unsigned long inode_size = bpf_core_type_size(struct inode);
	struct dentry *upper = NULL;
	if (!vfs_inode || !inode_size)
		return OVERLAY_LOWER;
	bpf_probe_read_kernel(&upper, sizeof(upper), vfs_inode + inode_size);
	if (upper && BPF_CORE_READ(upper, d_inode, i_ino) != 0)
		return OVERLAY_UPPER;
	return OVERLAY_LOWER;
}

static __always_inline enum overlay_layer file_overlay_layer(struct file *f)
{
	return f ? overlay_layer_of(f, BPF_CORE_READ(f, f_path.dentry, d_sb, s_magic)) : NOT_OVERLAY;
}

struct file_id {
	__u32 dev;
	__u64 ino;
	enum overlay_layer layer;
	bool created;
};

#ifdef FN_PROBE_READS
/* A probe read costs about the same whatever its size (the call dominates),
 * so the fields of one object that fd_identity needs come from one read of
 * the object's first CHUNK bytes. CO-RE gives each field's offset in the
 * running kernel; a kernel whose layout puts one past the chunk takes the
 * field-by-field path instead (the verifier drops the branch not taken). */
#define CHUNK 128
#define IN_CHUNK(type, field) \
	(bpf_core_field_offset(type, field) + bpf_core_field_size(type, field) <= CHUNK)
#define CHUNK_FIELD(buf, type, field, ctype) \
	(*(ctype *)((buf) + bpf_core_field_offset(type, field)))

/* dev (the superblock's s_dev, as the modern probe sends it), inode and
 * whether the open created the file, for a descriptor just returned. */
static __always_inline void task_fd_identity(struct task_struct *t, __s64 fd, struct file_id *id)
{
	struct file *f = task_fd_file(t, fd);
	if (!f)
		return;
	__u8 buf[CHUNK] __attribute__((aligned(8)));
	if (IN_CHUNK(struct file, f_mode) && IN_CHUNK(struct file, f_inode) &&
	    IN_CHUNK(struct inode, i_sb) && IN_CHUNK(struct inode, i_ino) &&
	    IN_CHUNK(struct super_block, s_dev) && IN_CHUNK(struct super_block, s_magic) &&
	    bpf_core_field_size(struct file, f_mode) == 4 && bpf_core_field_size(struct inode, i_ino) == 8 &&
	    bpf_core_field_size(struct super_block, s_dev) == 4) {
		if (bpf_probe_read_kernel(buf, CHUNK, f))
			return;
		id->created = (CHUNK_FIELD(buf, struct file, f_mode, __u32) & K_FMODE_CREATED) != 0;
		struct inode *i = CHUNK_FIELD(buf, struct file, f_inode, struct inode *);
		if (!i || bpf_probe_read_kernel(buf, CHUNK, i))
			return;
		id->ino = CHUNK_FIELD(buf, struct inode, i_ino, __u64);
		struct super_block *sb = CHUNK_FIELD(buf, struct inode, i_sb, struct super_block *);
		if (!sb || bpf_probe_read_kernel(buf, CHUNK, sb))
			return;
		id->dev = CHUNK_FIELD(buf, struct super_block, s_dev, __u32);
		id->layer = overlay_layer_of(f, CHUNK_FIELD(buf, struct super_block, s_magic, unsigned long));
		return;
	}
	struct inode *i = file_inode_of(f);
	struct super_block *sb = BPF_CORE_READ(i, i_sb);
	id->dev = BPF_CORE_READ(sb, s_dev);
	id->ino = BPF_CORE_READ(i, i_ino);
	id->created = (BPF_CORE_READ(f, f_mode) & K_FMODE_CREATED) != 0;
	/* an overlay file's inode and dentry share the overlay's superblock */
	id->layer = overlay_layer_of(f, BPF_CORE_READ(sb, s_magic));
}

#else
/* dev (the superblock's s_dev, as the modern probe sends it), inode and
 * whether the open created the file, for a descriptor just returned. */
static __always_inline void task_fd_identity(struct task_struct *t, __s64 fd, struct file_id *id)
{
	struct file *f = task_fd_file(t, fd);
	if (!f)
		return;
	id->created = (f->f_mode & K_FMODE_CREATED) != 0;
	struct inode *i = f->f_inode;
	if (!i)
		return;
	id->ino = i->i_ino;
	struct super_block *sb = i->i_sb;
	if (!sb)
		return;
	id->dev = sb->s_dev;
	id->layer = overlay_layer_of(f, sb->s_magic);
}

#endif

static __always_inline void fd_identity(__s64 fd, struct file_id *id)
{
	task_fd_identity(current_task(), fd, id);
}

static __always_inline __u64 timespec_ns(__s64 sec, __s64 nsec)
{
	return sec < 0 ? 0 : (__u64)sec * 1000000000ULL + nsec;
}

static __always_inline __u64 inode_ctime_ns(struct inode *i)
{
	if (!i)
		return 0;
	if (bpf_core_field_exists(i->i_ctime_sec))
		return timespec_ns(BPF_CORE_READ(i, i_ctime_sec), BPF_CORE_READ(i, i_ctime_nsec));
	if (bpf_core_field_exists(struct inode___v6_6, __i_ctime))
		return timespec_ns(BPF_CORE_READ((struct inode___v6_6 *)i, __i_ctime.tv_sec),
				   BPF_CORE_READ((struct inode___v6_6 *)i, __i_ctime.tv_nsec));
	return timespec_ns(BPF_CORE_READ((struct inode___old *)i, i_ctime.tv_sec),
			   BPF_CORE_READ((struct inode___old *)i, i_ctime.tv_nsec));
}

static __always_inline __u64 inode_mtime_ns(struct inode *i)
{
	if (!i)
		return 0;
	if (bpf_core_field_exists(i->i_mtime_sec))
		return timespec_ns(BPF_CORE_READ(i, i_mtime_sec), BPF_CORE_READ(i, i_mtime_nsec));
	return timespec_ns(BPF_CORE_READ((struct inode___old *)i, i_mtime.tv_sec),
			   BPF_CORE_READ((struct inode___old *)i, i_mtime.tv_nsec));
}

/* Supplementary groups are kept sorted: a binary search of at most
 * log2(NGROUPS_MAX) = 16 steps finds a gid. */
#define MAX_GROUP_SEARCH_STEPS 16

static __always_inline bool task_in_group(struct task_struct *t, __u32 gid)
{
	struct group_info *gi = BPF_CORE_READ(t, cred, group_info);
	if (!gi)
		return false;
	__u32 lo = 0, hi = BPF_CORE_READ(gi, ngroups);
	for (int i = 0; i < MAX_GROUP_SEARCH_STEPS && lo < hi; i++) {
		__u32 mid = (lo + hi) / 2;
		__u32 g = BPF_CORE_READ(gi, gid[mid].val);
		if (gid > g)
			lo = mid + 1;
		else if (gid < g)
			hi = mid;
		else
			return true;
	}
	return false;
}

/* A user namespace maps at most this many ranges inline (more are kept in
 * separately allocated arrays, which are not looked at, as in the libs). */
#define UID_GID_MAP_INLINE_EXTENTS 5

/* Whether kernel id `id` has a number in the namespace map (uid_map or gid_map). */
static __always_inline bool id_mapped(struct uid_gid_map *map, __u32 id)
{
	__u32 n = BPF_CORE_READ(map, nr_extents);
	for (int i = 0; i < UID_GID_MAP_INLINE_EXTENTS && i < n; i++) {
		__u32 first = BPF_CORE_READ(map, extent[i].lower_first);
		__u32 count = BPF_CORE_READ(map, extent[i].count);
		if (id >= first && id <= first + count - 1)
			return true;
	}
	return false;
}

/* exe_writable as the libs' modern probe decides it: never on a read-only
 * superblock or an immutable inode, nor for an id with no mapping; always
 * for the owner; else the group (the task's fsgid or a supplementary group)
 * or other write bit; else CAP_DAC_OVERRIDE (owner and group mapped in the
 * task's user namespace) or CAP_FOWNER (owner mapped). POSIX ACLs are not
 * consulted (the libs do not either). */
static __always_inline bool task_can_write(struct task_struct *t, struct inode *i)
{
	if (!i)
		return false;
	__u16 mode = BPF_CORE_READ(i, i_mode);
	__u32 iflags = BPF_CORE_READ(i, i_flags);
	unsigned long sflags = BPF_CORE_READ(i, i_sb, s_flags);
	__u16 fmt = mode & K_S_IFMT;
	if ((sflags & K_SB_RDONLY) && (fmt == K_S_IFREG || fmt == K_S_IFDIR || fmt == K_S_IFLNK))
		return false;
	if (iflags & K_S_IMMUTABLE)
		return false;
	__u32 uid = BPF_CORE_READ(i, i_uid.val);
	__u32 gid = BPF_CORE_READ(i, i_gid.val);
	if (uid == (__u32)-1 || gid == (__u32)-1)
		return false;
	if (uid == BPF_CORE_READ(t, cred, fsuid.val))
		return true;
	__u32 bits = mode;
	if (gid == BPF_CORE_READ(t, cred, fsgid.val) || task_in_group(t, gid))
		bits >>= 3;
	if (bits & 2) /* MAY_WRITE */
		return true;
	struct user_namespace *ns = BPF_CORE_READ(t, cred, user_ns);
	if (!ns)
		return false;
	bool uid_mapped = id_mapped(&ns->uid_map, uid);
	bool gid_mapped = id_mapped(&ns->gid_map, gid);
	__u64 caps = BPF_CORE_READ(t, cred, cap_effective.val);
	if ((caps & (1ULL << K_CAP_DAC_OVERRIDE)) && uid_mapped && gid_mapped)
		return true;
	return (caps & (1ULL << K_CAP_FOWNER)) && uid_mapped;
}

/* memfd files are unlinked dentries named "memfd:..." that are their own parent. */
static __always_inline bool file_is_memfd(struct file *f)
{
	if (!f)
		return false;
	struct dentry *d = BPF_CORE_READ(f, f_path.dentry);
	if (!d || BPF_CORE_READ(d, d_parent) != d)
		return false;
	const unsigned char *name = BPF_CORE_READ(d, d_name.name);
	char buf[7] = {};
	if (bpf_probe_read_kernel_str(buf, sizeof(buf), name) != sizeof(buf))
		return false;
	return buf[0] == 'm' && buf[1] == 'e' && buf[2] == 'm' && buf[3] == 'f' && buf[4] == 'd' &&
	       buf[5] == ':';
}

/* ---- sockets ---- */

static __always_inline struct socket *file_socket(struct file *f)
{
	if (!f)
		return NULL;
	__u16 mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & K_S_IFMT) != K_S_IFSOCK)
		return NULL;
	return (struct socket *)BPF_CORE_READ(f, private_data);
}

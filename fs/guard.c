/*
** guard.c — the unmount guard: with -o auto_unmount, a mount whose daemon
** died (kill -9, a crash) is released even when fusermount3 cannot tell.
**
** fusermount3's own auto_unmount decides that the daemon is dead by
** opening the mount's root and expecting ENOTCONN.  govfs answers OPENDIR
** with ENOSYS (so the kernel keeps listings without asking), and from then
** on the kernel opens folders without a request: the probe succeeds on a
** dead connection and the mount stays.  So govfs forks a small guard
** process that holds only the read end of a pipe.  When the daemon is gone
** without having said goodbye (gfs_guard_done, after a clean unmount) the
** pipe reads end-of-file; if the very mount the daemon made (its mount id
** in /proc/self/mountinfo) is still there, the guard detaches it with
** "fusermount3 -u -z".  The goodbye matters: the kernel reuses mount ids,
** so after a clean unmount the same id at the same place can be a new
** mount of somebody else's.
**
** The guard is called govfs-guard (its process name and command line), so
** that pidof(1) and pkill -x govfs find the daemon only.
*/
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <syslog.h>
#include <unistd.h>

#include "govfs.h"

#define GFS_GUARD_NAME "govfs-guard"
#define GFS_GUARD_BYE  'x'

static int gfs_guard_fd = -1;    /* the daemon's end of the pipe */

/*
** Undo mountinfo's octal escapes (\040 for a space, ...) in place.
*/
static void gfs_unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
			                (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/*
** The id of the topmost mount at mnt (an absolute path) in
** /proc/self/mountinfo, or -1 if there is none (or it cannot be read).
*/
static long gfs_mount_id(const char *mnt)
{
	char *line = NULL, *p, *q;
	size_t cap = 0;
	long id = -1, cur;
	FILE *f;

	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -1;
	/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ..." */
	while (getline(&line, &cap, f) > 0) {
		cur = strtol(line, &p, 10);
		for (int field = 1; field < 4 && p; field++)
			p = strchr(p + 1, ' ');
		if (!p)
			continue;
		q = strchr(++p, ' ');
		if (!q)
			continue;
		*q = '\0';
		gfs_unescape(p);
		if (strcmp(p, mnt) == 0)
			id = cur;            /* later lines are mounted on top */
	}
	free(line);
	fclose(f);
	return id;
}

/*
** Show the guard as GFS_GUARD_NAME in ps, pidof and /proc/PID/cmdline:
** the process name, and the argument area overwritten in place.
*/
static void gfs_guard_rename(int argc, char **argv)
{
	char *start, *end;
	int i;

	prctl(PR_SET_NAME, GFS_GUARD_NAME, 0, 0, 0);
	if (argc < 1 || !argv[0])
		return;
	/* the arguments as the kernel laid them out, one after another,
	   up to the first that is elsewhere */
	start = argv[0];
	end = argv[0] + strlen(argv[0]);
	for (i = 1; i < argc && argv[i] == end + 1; i++)
		end = argv[i] + strlen(argv[i]);
	memset(start, 0, (size_t)(end - start));
	if ((size_t)(end - start) > strlen(GFS_GUARD_NAME))
		memcpy(start, GFS_GUARD_NAME, strlen(GFS_GUARD_NAME));
}

/* The guard process: never returns. */
static void gfs_guard_main(int fd, const char *mnt, long id)
{
	char c;
	ssize_t n;

	signal(SIGINT, SIG_IGN);      /* ^C of a -f daemon is its business */
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 0 && gfs_mount_id(mnt) == id) {   /* died, no goodbye */
		/* the daemon died and left its mount: detach it */
		execlp("fusermount3", "fusermount3", "-u", "-z", "-q", "--",
		       mnt, (char *)NULL);
		_exit(127);
	}
	_exit(0);
}

/*
** Start the guard for the mount at mnt (absolute), made by this process;
** argc/argv are main's, renamed in the guard only.  Call after
** daemonizing and before starting threads.  0, or -errno (logged; the
** mount works without a guard).  The guard keeps no descriptor but its
** pipe: in particular not /dev/fuse, whose closing is what tells the
** kernel that the daemon is gone.
*/
int gfs_guard_start(const char *mnt, int argc, char **argv)
{
	long id = gfs_mount_id(mnt);
	int p[2], rc;
	pid_t pid;

	if (id < 0) {
		gfs_log(LOG_WARNING, "%s: not in /proc/self/mountinfo: no"
		        " unmount guard", mnt);
		return -ENOENT;
	}
	if (pipe2(p, O_CLOEXEC) != 0)
		goto fail;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		goto fail;
	}
	if (pid == 0) {
		if (dup2(p[0], 3) != 3)
			_exit(1);
		/* everything else goes: /dev/fuse, the pipe's write end */
		if (close_range(4, ~0U, 0) != 0)
			for (int fd = 4; fd < 65536; fd++)
				close(fd);
		gfs_guard_rename(argc, argv);
		gfs_guard_main(3, mnt, id);
	}
	close(p[0]);
	gfs_guard_fd = p[1];      /* open until goodbye or death */
	return 0;
fail:
	rc = -errno;
	gfs_log(LOG_WARNING, "cannot start the unmount guard: %s",
	        strerror(errno));
	return rc;
}

/* The daemon has unmounted cleanly: the guard goes without doing
   anything. */
void gfs_guard_done(void)
{
	char c = GFS_GUARD_BYE;

	if (gfs_guard_fd < 0)
		return;
	if (write(gfs_guard_fd, &c, 1) != 1)
		gfs_log(LOG_WARNING, "unmount guard: %s", strerror(errno));
	close(gfs_guard_fd);
	gfs_guard_fd = -1;
}

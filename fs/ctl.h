/*
** ctl.h — the requests a govfs mount answers besides the file system's
** own: ioctl(2) on an open folder of the mount (its root, as govctl
** uses them).  Shared by govfs (fs/ops.c) and govctl (tools/mounts.c).
** See govfs(1), "CONTROL REQUESTS".
*/
#ifndef GOVFS_CTL_H
#define GOVFS_CTL_H

#include <sys/ioctl.h>

/* The largest database path a mount reports, NUL included. */
#define GOVFS_CTL_PATH 4096

/* The absolute path of the mounted database, NUL-terminated. */
#define GOVFS_IOC_DB   _IOR('G', 0x61, char[GOVFS_CTL_PATH])

/* Return once the mount has told the kernel about every commit made
   before the call (0), or fail with ETIMEDOUT after GOVFS_SYNC_MS. */
#define GOVFS_IOC_SYNC _IO('G', 0x62)

/* How long a GOVFS_IOC_SYNC waits at most (ms). */
#define GOVFS_SYNC_MS 10000

#endif

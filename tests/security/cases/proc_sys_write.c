// Write to kernel tunables and devices through /proc, /sys and /dev.
// Under gVisor a device node lives in its own filesystem and opens nothing of the host.
// runsc-tolerates: mknod
// expect: ok
// stdout: SAFE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
    const char *paths[] = {"/proc/sys/kernel/core_pattern", "/proc/sysrq-trigger", "/sys/kernel/uevent_helper",
                           "/proc/sys/vm/drop_caches", "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                           "/sys/fs/cgroup/pids/pids.max", "/dev/kmsg", "/proc/1/oom_score_adj", NULL};
    for (int i = 0; paths[i]; i++) {
        int fd = open(paths[i], O_WRONLY);
        if (fd >= 0 && write(fd, "0", 1) == 1)
            printf("BREACH write: %s\n", paths[i]);
        else
            printf("%s: %s\n", paths[i], strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    if (mknod("/tmp/sda", 060600, 0x800) == 0) {
        puts("BREACH mknod: block device created");
        char sector[512];
        int fd = open("/tmp/sda", O_RDONLY);
        if (fd >= 0 && read(fd, sector, sizeof(sector)) > 0)
            puts("BREACH device-open: read the host's disk");
    }
    puts("SAFE");
    return 0;
}

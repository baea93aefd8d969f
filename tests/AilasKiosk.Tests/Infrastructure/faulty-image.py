#!/usr/bin/python3
# A worn card or a bad reader fails reads of some sectors with EIO part way through a file. No device-mapper
# (dm-error, dm-flakey) in the test container, so this FUSE file system exposes one file, a FAT32 card image,
# passing reads and writes through to the real image, except that reads overlapping [--fail-from, --fail-to)
# fail with EIO: while --arm-file exists, or always without it. The tests attach a loop device to the exposed
# file and mount that with fusefat, so the kiosk gets a real EIO from read(2) on one photo. Mounted with
# direct_io, so that every read reaches this process instead of the kernel's page cache.
#
# Usage: faulty-image.py IMAGE MOUNTPOINT --fail-from N --fail-to M [--arm-file PATH]   (runs in the foreground)
import argparse
import errno
import os
import stat
import sys

import fuse

fuse.fuse_python_api = (0, 2)

NAME = "/card.img"


class FaultyImage(fuse.Fuse):
    def __init__(self, image, fail_from, fail_to, arm_file, *args, **kw):
        super().__init__(*args, **kw)
        self.image = image
        self.fail_from = fail_from
        self.fail_to = fail_to
        self.arm_file = arm_file
        self.fd = os.open(image, os.O_RDWR)
        self.failed_reads = 0

    def getattr(self, path):
        st = fuse.Stat()
        if path == "/":
            st.st_mode = stat.S_IFDIR | 0o755
            st.st_nlink = 2
            return st
        if path != NAME:
            return -errno.ENOENT
        real = os.fstat(self.fd)
        st.st_mode = stat.S_IFREG | 0o644
        st.st_nlink = 1
        st.st_size = real.st_size
        st.st_mtime = real.st_mtime
        return st

    def readdir(self, path, offset):
        for name in (".", "..", NAME[1:]):
            yield fuse.Direntry(name)

    def open(self, path, flags):
        return 0 if path == NAME else -errno.ENOENT

    def armed(self):
        return self.arm_file is None or os.path.exists(self.arm_file)

    def read(self, path, size, offset):
        if offset < self.fail_to and offset + size > self.fail_from and self.armed():
            self.failed_reads += 1
            print(f"faulty-image: EIO for read of {size} at {offset} ({self.failed_reads})", file=sys.stderr, flush=True)
            return -errno.EIO
        return os.pread(self.fd, size, offset)

    def write(self, path, buf, offset):
        return os.pwrite(self.fd, buf, offset)

    def truncate(self, path, size):
        return -errno.EPERM

    def fsync(self, path, isfsyncfile):
        os.fsync(self.fd)
        return 0

    def flush(self, path):
        return 0

    def release(self, path, flags):
        return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("image")
    parser.add_argument("mountpoint")
    parser.add_argument("--fail-from", type=int, required=True)
    parser.add_argument("--fail-to", type=int, required=True)
    parser.add_argument("--arm-file")
    options = parser.parse_args()
    server = FaultyImage(os.path.abspath(options.image), options.fail_from, options.fail_to, options.arm_file,
                         version="faulty-image", usage="", dash_s_do="setsingle")
    # -f: foreground (the test owns the process); -s: one thread; direct_io: no page cache in front of us.
    server.parse(["faulty-image", options.mountpoint, "-f", "-s", "-o", "direct_io"], errex=1)
    server.main()


if __name__ == "__main__":
    main()

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AilasKiosk.Platform;

/// <summary>
/// The few Linux calls .NET does not expose: the file type without following links (statx), dropping a file
/// from the page cache (posix_fadvise) and flushing a whole file system (syncfs).
/// </summary>
internal static partial class Posix
{
    public enum FileKind { Missing, Regular, Directory, SymbolicLink, Other }

    public readonly record struct FileStatus(FileKind Kind, long Size, DateTime LastWriteUtc);

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int PosixFadvDontNeed = 4;
    private const ushort SIfMt = 0xF000, SIfReg = 0x8000, SIfDir = 0x4000, SIfLnk = 0xA000;
    private const int ENOENT = 2, ENOTDIR = 20;

    // struct statx has one layout on every architecture (unlike struct stat), so offsets are fixed.
    private const int StatxSize = 256, StxModeOffset = 28, StxSizeOffset = 40, StxMtimeOffset = 112;

    /// <summary>Status of a path without following a final symbolic link.</summary>
    public static unsafe FileStatus StatNoFollow(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR) return new FileStatus(FileKind.Missing, 0, default);
            throw new IOException($"statx {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        var mode = *(ushort*)(buffer + StxModeOffset);
        var size = *(long*)(buffer + StxSizeOffset);
        var seconds = *(long*)(buffer + StxMtimeOffset);
        var nanos = *(uint*)(buffer + StxMtimeOffset + 8);
        var kind = (mode & SIfMt) switch
        {
            SIfReg => FileKind.Regular,
            SIfDir => FileKind.Directory,
            SIfLnk => FileKind.SymbolicLink,
            _ => FileKind.Other,
        };
        var mtime = DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanos / 100);
        return new FileStatus(kind, size, mtime);
    }

    /// <summary>Asks the kernel to forget the cached pages of a file, so the next read comes from the medium.</summary>
    public static void DropPageCache(SafeFileHandle handle)
    {
        // Advisory: a file system that ignores it still returns 0; an error here must not fail the offload.
        _ = posix_fadvise(handle, 0, 0, PosixFadvDontNeed);
    }

    /// <summary>Flushes every dirty block of the file system holding <paramref name="path"/>.</summary>
    public static void SyncFileSystem(string path)
    {
        // A directory cannot be opened through File.OpenHandle, hence the raw descriptor.
        var fd = open(path, ORdOnly | OCloExec);
        if (fd < 0)
            throw new IOException($"open {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            if (syncfs(fd) != 0)
                throw new IOException($"syncfs {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        finally
        {
            _ = close(fd); // a read-only descriptor: nothing is lost if its close fails
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int posix_fadvise(SafeFileHandle fd, long offset, long length, int advice);

    private const int ORdOnly = 0, OCloExec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int syncfs(int fd);
}

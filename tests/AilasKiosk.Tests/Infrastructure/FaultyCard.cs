using System.Collections.Concurrent;
using System.Diagnostics;
using AilasKiosk.CardFactory;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>
/// A card with a bad spot: a real exFAT image whose one photo's middle fails to read with EIO, as on a worn card.
/// Layers: the image → faulty-image.py (FUSE, direct_io: EIO for reads of the bad range) → a loop device → exfat-fuse.
/// exFAT, not FAT32: fusefat turns every read error into EPERM, exfat-fuse passes EIO on as the kernel's vfat does.
/// </summary>
public sealed class FaultyCard : IDisposable
{
    private const int BadBytes = 4096;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string Script = Path.Combine(Repo.Root, "tests", "AilasKiosk.Tests", "Infrastructure", "faulty-image.py");

    private readonly TempDirectory _dir;
    private readonly string _layerDir;
    private readonly string _armFile;
    private readonly ConcurrentQueue<string> _layerOutput = new();
    private Process? _layer;
    private LoopDevice? _loop;
    private bool _mounted;

    /// <param name="armed">Reads of the bad spot fail from the start; otherwise only once <see cref="Arm"/> is called.</param>
    public FaultyCard(GoProCard card, CardPhoto victim, bool armed = true)
    {
        _dir = new TempDirectory("ailas-eio");
        try
        {
            var size = Math.Max(64L << 20, card.TotalBytes * 5 / 4 + (48L << 20));
            Image = ExFatCardImage.Create(Path.Combine(_dir.Path, "card.img"), card, size);
            var (start, length) = FindContiguous(Image.ImagePath, TestCard.BytesOf(victim));
            BadRange = (start + length / 2, start + length / 2 + BadBytes);
            _armFile = Path.Combine(_dir.Path, "armed");
            if (armed) Arm();

            _layerDir = MountTable.Normalize(_dir.Sub("layer"));
            _layer = Tool.Start("/usr/bin/python3", [Script, Image.ImagePath, _layerDir,
                "--fail-from", BadRange.From.ToString(), "--fail-to", BadRange.To.ToString(), "--arm-file", _armFile]);
            _layer.OutputDataReceived += (_, e) => Keep(e.Data);
            _layer.ErrorDataReceived += (_, e) => Keep(e.Data);
            _layer.BeginOutputReadLine();
            _layer.BeginErrorReadLine();
            MountTable.WaitFor(() => MountTable.Find(_layerDir) is not null || _layer.HasExited, Timeout, "faulty-image.py mount");
            if (_layer.HasExited)
                throw new ToolException($"faulty-image.py exited {_layer.ExitCode}: {LayerOutput}");

            _loop = LoopDevice.Attach(Path.Combine(_layerDir, "card.img"));
            // No read-ahead on the loop device: a neighbour's read must not run into the bad spot and fail too.
            Tool.Run("blockdev", "--setra", "0", _loop.DevicePath);
            Root = MountTable.Normalize(_dir.Sub("mnt"));
            Tool.Run("mount", "-t", "exfat-fuse", _loop.DevicePath, Root);
            _mounted = true;
            MountTable.WaitFor(() => MountTable.Find(Root) is not null, Timeout, $"exfat-fuse mount on {Root}");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public ExFatCardImage Image { get; }
    public string Root { get; } = "";

    /// <summary>The image's bytes whose reads fail: 4 KiB in the middle of the victim photo.</summary>
    public (long From, long To) BadRange { get; }

    /// <summary>What faulty-image.py printed: one line per read it failed.</summary>
    public string LayerOutput => string.Join('\n', _layerOutput);

    public int FailedReads => _layerOutput.Count(line => line.Contains("EIO for read", StringComparison.Ordinal));

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>
    /// Reads of the bad spot fail from now on. The loop device's cached pages are dropped too: a re-read of pages
    /// read before would be served from memory and never reach the bad spot.
    /// </summary>
    public void Arm()
    {
        File.WriteAllText(_armFile, "");
        if (_loop is not null)
            Tool.Run("blockdev", "--flushbufs", _loop.DevicePath);
    }

    /// <summary>Unmounts the card and takes the layers apart, each step tried even if one before failed.</summary>
    public void Remove()
    {
        try
        {
            if (_mounted)
            {
                Retry(() => Tool.Run("umount", [Root], null, throwOnFailure: false), $"umount {Root}");
                _mounted = false;
            }
        }
        finally
        {
            try
            {
                DetachLoop();
            }
            finally
            {
                StopLayer();
            }
        }
    }

    private void DetachLoop()
    {
        if (_loop is null) return;
        // exfat-fuse exits after the unmount and lets go of the device; only then is it detached (autoclear).
        var backing = $"/sys/class/block/{_loop.Name}/loop/backing_file";
        _loop.Dispose();
        MountTable.WaitFor(() => !File.Exists(backing), Timeout, $"{_loop.DevicePath} detached");
        _loop = null;
    }

    private void StopLayer()
    {
        if (_layer is null) return;
        try
        {
            if (MountTable.Find(_layerDir) is not null)
                Retry(() => Tool.Run("fusermount", ["-u", _layerDir], null, throwOnFailure: false), $"fusermount -u {_layerDir}");
        }
        finally
        {
            if (!_layer.WaitForExit(Timeout))
            {
                _layer.Kill();
                Tool.Run("fusermount", ["-u", "-z", _layerDir], null, throwOnFailure: false); // no dead mount left behind
            }
            _layer.WaitForExit();
            _layer.Dispose();
            _layer = null;
        }
    }

    public void Dispose()
    {
        try { Remove(); } finally { _dir.Dispose(); }
    }

    /// <summary>Where a photo's bytes lie in the image: contiguous, as files written once to a fresh image are.</summary>
    private static (long Start, long Length) FindContiguous(string imagePath, byte[] content)
    {
        var image = File.ReadAllBytes(imagePath);
        var start = image.AsSpan().IndexOf(content.AsSpan(0, Math.Min(BadBytes, content.Length)));
        Assert.True(start >= 0, "the photo's first bytes are not in the image");
        Assert.True(image.AsSpan(start).StartsWith(content), "the photo is not contiguous in the image");
        return (start, content.Length);
    }

    private static void Retry(Func<ToolResult> action, string what)
    {
        var clock = Stopwatch.StartNew();
        ToolResult result;
        while ((result = action()).ExitCode != 0)
        {
            // A file still open keeps a mount busy for a moment.
            if (clock.Elapsed > Timeout)
                throw new ToolException($"`{what}` kept failing: {result.StdErr.Trim()}");
            Thread.Sleep(100);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null) _layerOutput.Enqueue(line);
    }
}

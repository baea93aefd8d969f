namespace AilasKiosk.CardFactory;

/// <summary>
/// Feeds card files to a tool that copies whole files from disk (mcopy) without ever holding the
/// card in memory or on disk twice: files are generated into a staging directory one batch per
/// folder at a time (at most ~1 GiB), handed over, then deleted before the next batch.
/// </summary>
internal static class CardStaging
{
    private const long MaxBatchBytes = 1L << 30;
    private const int MaxBatchFiles = 500; // keeps the command line well under ARG_MAX

    /// <param name="copy">Receives a card folder ("" for the root, "DCIM/100GOPRO") and staged file paths.</param>
    public static void CopyInBatches(IEnumerable<CardEntry> entries, string stagingRoot, Action<string, IReadOnlyList<string>> copy)
    {
        Directory.CreateDirectory(stagingRoot);
        try
        {
            foreach (var folder in entries.GroupBy(e => Path.GetDirectoryName(e.RelativePath) ?? ""))
            {
                var batch = new List<string>();
                long batchBytes = 0;
                foreach (var entry in folder)
                {
                    GoProCard.WriteEntry(entry, stagingRoot);
                    batch.Add(Path.Combine(stagingRoot, entry.RelativePath));
                    batchBytes += entry.SizeBytes;
                    if (batchBytes >= MaxBatchBytes || batch.Count >= MaxBatchFiles)
                        Flush(folder.Key, batch, copy, ref batchBytes);
                }
                Flush(folder.Key, batch, copy, ref batchBytes);
            }
        }
        finally
        {
            Directory.Delete(stagingRoot, recursive: true);
        }
    }

    private static void Flush(string folder, List<string> batch, Action<string, IReadOnlyList<string>> copy, ref long batchBytes)
    {
        if (batch.Count == 0)
            return;
        copy(folder, batch);
        batch.ForEach(File.Delete);
        batch.Clear();
        batchBytes = 0;
    }
}

namespace AilasKiosk.Inspect.Gpmf;

/// <summary>Finds entries by key anywhere in a parsed GPMF tree.</summary>
internal static class GpmfTree
{
    /// <summary>
    /// Every entry with this key, at any depth, in document order (a container before its children, children
    /// before the container's next sibling). Walks with an explicit stack: the tree's depth is bounded by the
    /// reader, but a hand-built tree is not.
    /// </summary>
    public static IEnumerable<GpmfEntry> FindAll(this IReadOnlyList<GpmfEntry> entries, string key)
    {
        var pending = new Stack<(IReadOnlyList<GpmfEntry> Siblings, int Index)>();
        pending.Push((entries, 0));
        while (pending.TryPop(out var next))
        {
            var (siblings, index) = next;
            if (index >= siblings.Count)
                continue;
            var entry = siblings[index];
            pending.Push((siblings, index + 1));
            if (entry.Children.Count > 0)
                pending.Push((entry.Children, 0));
            if (entry.Key == key)
                yield return entry;
        }
    }

    /// <summary>The first entry with this key in document order, or null.</summary>
    public static GpmfEntry? FindFirst(this IReadOnlyList<GpmfEntry> entries, string key) =>
        entries.FindAll(key).FirstOrDefault();
}

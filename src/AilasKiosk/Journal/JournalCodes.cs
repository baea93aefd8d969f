namespace AilasKiosk.Journal;

/// <summary>
/// The one place that maps the journal's enums to the strings stored in it, and back. The strings are the file
/// format: they are spelled out here, not taken from ToString(), so renaming a member cannot change what is on disk.
/// Reading is exact (migration 2 gave every value one spelling); an unknown string is a <see cref="JournalException"/>.
/// </summary>
internal static class JournalCodes
{
    public static readonly JournalCode<FileState> FileStates = new("files.state",
        (FileState.Planned, "planned"), (FileState.Verified, "verified"), (FileState.Failed, "failed"), (FileState.Wiped, "wiped"));

    public static readonly JournalCode<Disposition> Dispositions = new("files.disposition",
        (Disposition.Uploaded, "uploaded"), (Disposition.Present, "present"));

    /// <summary>The names the history has always shown, which most existing journals hold.</summary>
    public static readonly JournalCode<OffloadOutcome> Outcomes = new("sessions.outcome",
        (OffloadOutcome.Completed, "Completed"), (OffloadOutcome.NothingToDo, "NothingToDo"), (OffloadOutcome.UnknownCamera, "UnknownCamera"),
        (OffloadOutcome.StorageUnreachable, "StorageUnreachable"), (OffloadOutcome.StorageRefused, "StorageRefused"),
        (OffloadOutcome.Partial, "Partial"), (OffloadOutcome.CardUnreadable, "CardUnreadable"), (OffloadOutcome.Interrupted, "Interrupted"),
        (OffloadOutcome.LeftOnCard, "LeftOnCard"), (OffloadOutcome.KioskDiskFull, "KioskDiskFull"));
}

/// <summary>One enum's stored spelling. Every member must have one: checked when the table is built.</summary>
internal sealed class JournalCode<T> where T : struct, Enum
{
    private readonly Dictionary<T, string> _text = [];
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);

    public JournalCode(string column, params (T Value, string Text)[] pairs)
    {
        Column = column;
        foreach (var (value, text) in pairs)
        {
            _text.Add(value, text);
            _values.Add(text, value);
        }
        var missing = Enum.GetValues<T>().Where(v => !_text.ContainsKey(v)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"{column}: no stored spelling for {typeof(T).Name}.{string.Join(", ", missing)}");
    }

    /// <summary>The table and column, for messages.</summary>
    public string Column { get; }

    public string Text(T value) => _text[value];

    /// <param name="where">Which row, for the message (e.g. "of session X").</param>
    public T Parse(string text, string where) => _values.TryGetValue(text, out var value)
        ? value
        : throw new JournalException($"{Column} '{text}' {where} is not a value this version of ailas-kiosk knows "
                                     + $"({string.Join(", ", _values.Keys)}): the journal was changed by hand or by another program");
}

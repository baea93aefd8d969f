namespace AilasKiosk.Journal;

/// <summary>
/// The journal cannot be used as it is: written by a newer version, or holding a value this version does not know.
/// Nothing is wiped on the strength of such a journal; the message says what was found and what to do.
/// </summary>
internal sealed class JournalException(string message) : Exception(message);

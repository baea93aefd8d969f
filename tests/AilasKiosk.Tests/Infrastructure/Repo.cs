namespace AilasKiosk.Tests.Infrastructure;

/// <summary>Paths in the repository and next to it (shared/testdata).</summary>
public static class Repo
{
    public static readonly string Root = FindRoot();

    /// <summary>A path under ../shared beside the repository (the GoPro test data).</summary>
    public static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([Root, "..", "shared", .. parts]));

    /// <summary>The built kiosk (ailas-kiosk.dll), copied next to the tests by the project reference.</summary>
    public static string KioskDll => Path.Combine(AppContext.BaseDirectory, "ailas-kiosk.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AilasKiosk.sln")))
                return dir.FullName;
        throw new InvalidOperationException("AilasKiosk.sln not found above " + AppContext.BaseDirectory);
    }
}

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>Paths in the repository: its root, the test data, the built kiosk.</summary>
public static class Repo
{
    public static readonly string Root = FindRoot();

    /// <summary>A path under tests/testdata (the GoPro reference files and their licences).</summary>
    public static string TestData(params string[] parts) => Path.Combine([Root, "tests", "testdata", .. parts]);

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

using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Units;

/// <summary>A wrong configuration fails at start, in one line naming the key, with exit code 3.</summary>
public class ConfigurationTests
{
    private static Dictionary<string, string> Valid(string state) => new()
    {
        ["AILAS_Storage__Endpoint"] = "http://127.0.0.1:9",
        ["AILAS_Storage__Bucket"] = "ailas-upload",
        ["AILAS_Storage__AccessKey"] = "kiosk",
        ["AILAS_Storage__SecretKey"] = "secret",
        ["AILAS_State__Directory"] = state,
        ["AILAS_Cameras__C3471325208909"] = "AILAS-07",
    };

    [Theory]
    [InlineData("AILAS_Storage__Endpoint", null, "Storage:Endpoint: missing")]
    [InlineData("AILAS_Storage__Endpoint", "minio.local:9000", "Storage:Endpoint: must be an http or https URL")]
    [InlineData("AILAS_Storage__Endpoint", "ftp://minio.local", "Storage:Endpoint: must be an http or https URL")]
    [InlineData("AILAS_Storage__Bucket", "Bad_Bucket", "Storage:Bucket:")]
    [InlineData("AILAS_Storage__AccessKey", null, "Storage:AccessKey: missing")]
    [InlineData("AILAS_Storage__SecretKey", null, "Storage:SecretKey: missing")]
    [InlineData("AILAS_Storage__SecretKeyFile", "/nonexistent/secret", "Storage:SecretKey: set either")]
    [InlineData("AILAS_Offload__Concurrency", "abc", "Offload:Concurrency: value has the wrong type")]
    [InlineData("AILAS_Offload__Concurrency", "0", "Offload:Concurrency: must be between 1 and 16")]
    [InlineData("AILAS_Offload__KeyTemplate", "{date}/{name}", "Offload:KeyTemplate: '{date}/{name}' must start with {label}/")]
    [InlineData("AILAS_Cameras__C3471325208909", "AILAS 07", "Cameras:C3471325208909: label 'AILAS 07'")]
    [InlineData("AILAS_State__Directory", "relative/dir", "State:Directory: must be an absolute path")]
    [InlineData("AILAS_Identify__VolumeLabelPattern", "([", "Identify:VolumeLabelPattern: not a regular expression")]
    [InlineData("AILAS_Offload__QuarantineKeyTemplate", "{serial}/{name}", "Offload:QuarantineKeyTemplate: '{serial}/{name}' must start with a fixed folder")]
    [InlineData("AILAS_Checks__ClockSkewThresholdSeconds", "0", "Checks:ClockSkewThresholdSeconds: must be between 1 and 86400")]
    [InlineData("AILAS_Cards__Readers__0", "sda", "Cards:Readers:0: 'sda' names no reader: write usb:PORT")]
    [InlineData("AILAS_Cards__Readers__0", "USB:1-1", "Cards:Readers:0: 'USB:1-1' names no reader")]
    [InlineData("AILAS_Cards__Readers__0", "loop:/tmp/\u001b[2J*", "Cards:Readers:0: 'loop:/tmp/\\u001b[2J*' names no reader")]
    public async Task A_wrong_value_names_its_key_and_exits_3(string variable, string? value, string expected)
    {
        using var state = new TempDirectory();
        var env = Valid(state.Path);
        if (value is null) env.Remove(variable); else env[variable] = value;

        var run = await KioskProcess.RunAsync(env, "offload", state.Path);

        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task A_missing_config_file_is_named()
    {
        using var state = new TempDirectory();
        var run = await KioskProcess.RunAsync(Valid(state.Path), "offload", state.Path, "--config", "/nonexistent/kiosk.json");
        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.Contains("--config: file not found: /nonexistent/kiosk.json", run.Stderr);
    }

    [Fact]
    public async Task A_config_file_is_read_and_environment_variables_override_it()
    {
        using var state = new TempDirectory();
        var file = Path.Combine(state.Path, "kiosk.json");
        await File.WriteAllTextAsync(file, """{ "Offload": { "Concurrency": 99 } }""");
        var run = await KioskProcess.RunAsync(Valid(state.Path), "offload", state.Path, "--config", file);
        Assert.Contains("Offload:Concurrency: must be between 1 and 16", run.Stderr);

        var env = Valid(state.Path);
        env["AILAS_Offload__Concurrency"] = "2";
        var overridden = await KioskProcess.RunAsync(env, "offload", state.Path, "--config", file, "--json");
        Assert.Equal(ExitCodes.Ok, overridden.ExitCode); // an empty directory: nothing to do
        Assert.Equal("NothingToDo", overridden.Json.Outcome);
    }

    [Fact]
    public async Task A_wrong_command_line_exits_2()
    {
        var run = await KioskProcess.RunAsync([], "offload");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }
}

using AilasKiosk.CardFactory;

namespace AilasKiosk.Tests.CardFactory;

public class ToolTests
{
    [Fact]
    public void Captures_output_and_passes_arguments_verbatim()
    {
        var result = Tool.Run("printf", "%s|", "two words", "it's");
        Assert.Equal((0, "two words|it's|"), (result.ExitCode, result.StdOut));
    }

    [Fact]
    public void A_failure_names_the_command_and_quotes_its_stderr()
    {
        var error = Assert.Throws<ToolException>(() => Tool.Run("sh", "-c", "echo no space left >&2; exit 3"));
        Assert.Contains("sh -c", error.Message);
        Assert.Contains("exited 3", error.Message);
        Assert.Contains("no space left", error.Message);
    }

    [Fact]
    public void Failures_can_be_inspected_instead_of_thrown()
    {
        var result = Tool.Run("sh", ["-c", "echo out; echo err >&2; exit 1"], environment: new Dictionary<string, string> { ["X"] = "1" }, throwOnFailure: false);
        Assert.Equal((1, "out\n", "err\n"), (result.ExitCode, result.StdOut, result.StdErr));
    }
}
